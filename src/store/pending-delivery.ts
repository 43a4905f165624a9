import type { DeliveryRecord, EventRecord, SendableEvent } from './store.ts';

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

/** The event as publishEvent hands it to this process's worker (see PublishRequest.leaseNewDeliveries). */
export function sendableEvent(event: EventRecord, payloadJson: string): SendableEvent {
  const { id, tenant, eventType, idempotencyKey, createdAt } = event;
  return { id, tenant, eventType, idempotencyKey, createdAt, payloadJson };
}
