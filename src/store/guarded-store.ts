/**
 * The store as the gateway uses it: every call of the backend store, with the backend's faults
 * (database down or restarting, storage full) turned into the domain errors
 * StoreUnavailableError and StorageFullError and reported to the store's health. Other errors
 * pass through unchanged.
 */
import type { Logger } from '../observability/logger.ts';
import { type FaultClassifier, faultError } from './store-fault.ts';
import { StoreHealth } from './store-health.ts';
import type {
  ApiKeyRecord,
  AttemptEventRecord,
  AttemptEventsRequest,
  AttemptRecord,
  AttemptResult,
  ClaimedDelivery,
  DeliveryFilter,
  DeliveryRecord,
  EndpointPatch,
  EndpointPosition,
  EndpointRecord,
  EventRecord,
  EventTypePatch,
  EventTypeRecord,
  PublishOutcome,
  PublishRequest,
  QueueStats,
  Store,
} from './store.ts';

export class GuardedStore implements Store {
  readonly #inner: Store;
  readonly #classify: FaultClassifier;
  /** Whether writes succeed, as last found out (readiness, metrics). */
  readonly health: StoreHealth;
  readonly onDeliveriesDue?: Store['onDeliveriesDue'];

  constructor(inner: Store, classify: FaultClassifier, logger: Pick<Logger, 'error' | 'info'>) {
    this.#inner = inner;
    this.#classify = classify;
    this.health = new StoreHealth({ logger, probe: () => this.#guard(() => this.#inner.probeWrite()) });
    if (inner.onDeliveriesDue) {
      const onDeliveriesDue = inner.onDeliveriesDue.bind(inner);
      this.onDeliveriesDue = (listener) => this.#guard(() => onDeliveriesDue(listener));
    }
  }

  /** The call, with its rejection translated (no extra await on the way: it is on every store call). */
  #guard<T>(call: () => Promise<T>): Promise<T> {
    return call().catch((error: unknown) => {
      const fault = this.#classify(error);
      if (fault === null) throw error;
      this.health.fault(fault);
      throw faultError(fault.kind, error);
    });
  }

  insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    return this.#guard(() => this.#inner.insertEndpoint(endpoint));
  }
  updateEndpoint(tenant: string, id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null> {
    return this.#guard(() => this.#inner.updateEndpoint(tenant, id, patch, now));
  }
  deleteEndpoint(tenant: string, id: string): Promise<boolean> {
    return this.#guard(() => this.#inner.deleteEndpoint(tenant, id));
  }
  getEndpoints(tenant: string, ids: readonly string[]): Promise<EndpointRecord[]> {
    return this.#guard(() => this.#inner.getEndpoints(tenant, ids));
  }
  listEndpoints(request: { tenant: string; first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]> {
    return this.#guard(() => this.#inner.listEndpoints(request));
  }
  countEndpoints(tenant: string): Promise<number> {
    return this.#guard(() => this.#inner.countEndpoints(tenant));
  }
  countEndpointsSubscribedTo(tenant: string, eventType: string): Promise<number> {
    return this.#guard(() => this.#inner.countEndpointsSubscribedTo(tenant, eventType));
  }
  insertEventType(eventType: EventTypeRecord): Promise<boolean> {
    return this.#guard(() => this.#inner.insertEventType(eventType));
  }
  updateEventType(tenant: string, name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null> {
    return this.#guard(() => this.#inner.updateEventType(tenant, name, patch, now));
  }
  deleteEventType(tenant: string, name: string): Promise<boolean> {
    return this.#guard(() => this.#inner.deleteEventType(tenant, name));
  }
  listEventTypes(tenant: string): Promise<EventTypeRecord[]> {
    return this.#guard(() => this.#inner.listEventTypes(tenant));
  }
  getEventType(tenant: string, name: string): Promise<EventTypeRecord | null> {
    return this.#guard(() => this.#inner.getEventType(tenant, name));
  }
  publishEvent(request: PublishRequest): Promise<PublishOutcome> {
    return this.#guard(() => this.#inner.publishEvent(request));
  }
  publishEvents(requests: readonly PublishRequest[]): Promise<PublishOutcome[]> {
    return this.#guard(() => this.#inner.publishEvents(requests));
  }
  claimDueDeliveries(request: { now: Date; limit: number; leaseUntil: Date }): Promise<ClaimedDelivery[]> {
    return this.#guard(() => this.#inner.claimDueDeliveries(request));
  }
  recordAttempt(result: AttemptResult, now: Date): Promise<{ seq: number } | null> {
    return this.#guard(() => this.#inner.recordAttempt(result, now));
  }
  renewLeases(ids: readonly string[], leaseUntil: Date): Promise<void> {
    return this.#guard(() => this.#inner.renewLeases(ids, leaseUntil));
  }
  listAttemptEvents(request: AttemptEventsRequest): Promise<AttemptEventRecord[]> {
    return this.#guard(() => this.#inner.listAttemptEvents(request));
  }
  lastAttemptSeq(): Promise<number> {
    return this.#guard(() => this.#inner.lastAttemptSeq());
  }
  nextDueAt(): Promise<Date | null> {
    return this.#guard(() => this.#inner.nextDueAt());
  }
  getDeliveries(tenant: string, ids: readonly string[]): Promise<DeliveryRecord[]> {
    return this.#guard(() => this.#inner.getDeliveries(tenant, ids));
  }
  listDeliveries(request: DeliveryFilter & { first: number; after: { createdAt: Date; id: string } | null }): Promise<DeliveryRecord[]> {
    return this.#guard(() => this.#inner.listDeliveries(request));
  }
  getEvents(tenant: string, ids: readonly string[]): Promise<EventRecord[]> {
    return this.#guard(() => this.#inner.getEvents(tenant, ids));
  }
  getAttempts(deliveryIds: readonly string[]): Promise<AttemptRecord[]> {
    return this.#guard(() => this.#inner.getAttempts(deliveryIds));
  }
  redeliver(tenant: string, deliveryId: string, now: Date): Promise<DeliveryRecord | null> {
    return this.#guard(() => this.#inner.redeliver(tenant, deliveryId, now));
  }
  recoverFailed(tenant: string, endpointId: string, since: Date, now: Date): Promise<number> {
    return this.#guard(() => this.#inner.recoverFailed(tenant, endpointId, since, now));
  }
  queueStats(): Promise<QueueStats> {
    return this.#guard(() => this.#inner.queueStats());
  }
  insertApiKey(key: ApiKeyRecord): Promise<void> {
    return this.#guard(() => this.#inner.insertApiKey(key));
  }
  getApiKey(id: string): Promise<ApiKeyRecord | null> {
    return this.#guard(() => this.#inner.getApiKey(id));
  }
  listApiKeys(tenant: string | null): Promise<ApiKeyRecord[]> {
    return this.#guard(() => this.#inner.listApiKeys(tenant));
  }
  revokeApiKey(id: string, now: Date): Promise<boolean> {
    return this.#guard(() => this.#inner.revokeApiKey(id, now));
  }
  countActiveApiKeys(): Promise<number> {
    return this.#guard(() => this.#inner.countActiveApiKeys());
  }
  activeApiKeyIds(ids: readonly string[]): Promise<Set<string>> {
    return this.#guard(() => this.#inner.activeApiKeyIds(ids));
  }
  probeWrite(): Promise<void> {
    return this.#guard(() => this.#inner.probeWrite());
  }

  /** Readiness: throws while the database does not answer, or (after a failed write) until writes succeed again. */
  async ping(): Promise<void> {
    await this.#guard(() => this.#inner.ping());
    const condition = await this.health.check();
    if (condition !== 'ok') throw faultError(condition);
  }

  async close(): Promise<void> {
    this.health.close();
    await this.#inner.close();
  }
}
