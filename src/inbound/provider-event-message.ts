import type { InboundProvider } from '../store/store.ts';

/**
 * What pub/sub carries when an event is stored: enough to filter, not the payload (which may be
 * large, and is read from the store by those who want it). JSON-safe, for Redis.
 */
export interface ProviderEventMessage {
  seq: number;
  id: string;
  tenant: string;
  provider: InboundProvider;
  type: string;
  /** ISO time the event was received. */
  receivedAt: string;
}
