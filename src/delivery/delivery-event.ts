import type { AttemptOutcome, DeliveryStatus } from '../store/store.ts';

/** Published once per attempt outcome, to the `deliveryEvents` subscription. */
export interface DeliveryEvent {
  /** Store-wide order of recorded attempts; a subscriber resumes after the last one it saw. */
  seq: number;
  /** Only subscribers of this tenant receive the event. */
  tenant: string;
  attemptId: string;
  deliveryId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  attemptNumber: number;
  outcome: AttemptOutcome;
  /** The delivery's status after this attempt. */
  deliveryStatus: DeliveryStatus;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** ISO-8601; the event crosses Redis as JSON at scale, so it holds no Date objects. */
  nextAttemptAt: string | null;
  occurredAt: string;
}

export const DELIVERY_EVENTS_TOPIC = 'deliveryEvents';
