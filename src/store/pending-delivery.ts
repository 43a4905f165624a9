import type { DeliveryRecord, EventRecord } from './store.ts';

/** A delivery as publishEvent creates it: due at once, no attempt yet. Both stores return this shape. */
export function pendingDelivery(id: string, event: EventRecord, endpointId: string): DeliveryRecord {
  return {
    id,
    tenant: event.tenant,
    eventId: event.id,
    endpointId,
    status: 'PENDING',
    attemptCount: 0,
    seriesAttempts: 0,
    nextAttemptAt: event.createdAt,
    lastStatusCode: null,
    lastError: null,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
    deliveredAt: null,
  };
}
