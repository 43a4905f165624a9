/**
 * What the gateway keeps: LOCAL endpoints and the LOCAL event-type catalogue. One interface,
 * implemented by the embedded SQLite store (default) and, at scale, by PostgreSQL.
 * Methods are whole units of work, so each implementation can make them atomic.
 */

export interface EndpointRecord {
  id: string;
  /** The tenant the endpoint belongs to; every read and write of LOCAL data is scoped to one. */
  tenant: string;
  url: string;
  name: string | null;
  /** Event-type names, or `["*"]` for every type. */
  events: string[];
  active: boolean;
  isTest: boolean;
  secret: string;
  /** The secret being rotated out; it keeps signing until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  /** Why the gateway switched the endpoint off (410 Gone, failing for days); null otherwise. */
  disabledReason: string | null;
  /** Start of the current run of failed attempts without a success; null when the last one succeeded. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type EndpointPatch = Partial<
  Pick<
    EndpointRecord,
    'url' | 'name' | 'events' | 'active' | 'isTest' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'disabledReason'
  >
>;

export interface EventTypeRecord {
  tenant: string;
  name: string;
  title: string | null;
  description: string | null;
  category: string | null;
  schema: unknown;
  example: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export type EventTypePatch = Partial<Pick<EventTypeRecord, 'title' | 'description' | 'category' | 'schema' | 'example'>>;

export interface EventRecord {
  id: string;
  tenant: string;
  eventType: string;
  payload: unknown;
  idempotencyKey: string | null;
  createdAt: Date;
}

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRecord {
  id: string;
  tenant: string;
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  /** Attempts made so far, over every series (redeliveries start a new series). */
  attemptCount: number;
  /** Attempts made in the current series; indexes the retry schedule. */
  seriesAttempts: number;
  /** When the next attempt is due; null unless PENDING. */
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

export type AttemptOutcome = 'SUCCEEDED' | 'FAILED';

export interface AttemptRecord {
  id: string;
  deliveryId: string;
  attemptNumber: number;
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** At most the first 1 KiB. */
  responseBody: string | null;
  startedAt: Date;
}

/**
 * One recorded attempt as the `deliveryEvents` subscription shows it, read back from the
 * store so a subscriber that reconnects can catch up on what it missed.
 */
export interface AttemptEventRecord {
  /** Increases with every attempt recorded (store-wide); the subscription's resume cursor. */
  seq: number;
  attempt: AttemptRecord;
  tenant: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The delivery's status and next attempt right after this attempt. */
  deliveryStatus: DeliveryStatus;
  nextAttemptAt: Date | null;
  recordedAt: Date;
}

/** Which recorded attempts a resuming subscriber asks for (see Store.listAttemptEvents). */
export interface AttemptEventsRequest {
  tenant: string;
  afterSeq: number;
  endpointId?: string | undefined;
  eventTypes?: readonly string[] | undefined;
  limit: number;
}

export interface ApiKeyRecord {
  /** Public part of the key (`hg_<id>_…`). */
  id: string;
  tenant: string;
  name: string | null;
  scopes: string[];
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  hash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/**
 * An event as the worker sends it: the payload stays the JSON text the store keeps, since the
 * worker only writes it into the message again (parsing it to serialize it back was measurable).
 */
export interface SendableEvent extends Omit<EventRecord, 'payload'> {
  payloadJson: string;
}

/** A delivery handed to the worker, with what it needs to send it. */
export interface ClaimedDelivery {
  delivery: DeliveryRecord;
  event: SendableEvent;
  endpoint: EndpointRecord;
}

/** What one attempt changes, written in one transaction. */
export interface AttemptResult {
  attempt: AttemptRecord;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** Switch the endpoint off with this reason (410 Gone, failing too long). */
  disableEndpoint: string | null;
}

export interface PublishRequest {
  event: EventRecord;
  /** `event.payload` as JSON text, when the caller has it already: stored as it is. */
  payloadJson?: string;
  /** An earlier event with the same idempotency key created after this is returned instead. */
  idempotentSince: Date;
  /** Ids for the deliveries, generated by the caller. */
  newDeliveryId: () => string;
  /**
   * Called inside the transaction with the endpoint of each new delivery, in order. Per delivery,
   * a time writes it leased to this process until then and returns it in `claimed`, so its worker
   * sends it without claiming it first; null (or no function) leaves it for any worker to claim.
   */
  leaseNewDeliveries?: ((endpointIds: readonly string[]) => readonly (Date | null)[]) | undefined;
}

export interface PublishOutcome {
  event: EventRecord;
  deliveries: DeliveryRecord[];
  /** True when the key matched an earlier event and nothing new was written. */
  duplicate: boolean;
  /** The new deliveries that were leased to this process, with what sending them needs. */
  claimed: ClaimedDelivery[];
}

/** How many deliveries of each endpoint one claim may take, so that no endpoint takes more than its share. */
export interface EndpointRoom {
  /** Endpoints whose room is not `others`; 0 leaves an endpoint out of the claim. */
  of: ReadonlyMap<string, number>;
  /** The room of every endpoint not in `of`. */
  others: number;
}

export interface ClaimRequest {
  now: Date;
  limit: number;
  leaseUntil: Date;
  /** Without it, due deliveries are claimed in due order whatever their endpoint. */
  endpointRoom?: EndpointRoom | undefined;
}

/** What `redeliver` did: a delivery still PENDING (queued or being attempted) is left alone. */
export type RedeliverOutcome =
  | { outcome: 'STARTED'; delivery: DeliveryRecord }
  | { outcome: 'STILL_PENDING'; delivery: DeliveryRecord }
  | { outcome: 'NOT_FOUND' };

export interface DeliveryFilter {
  tenant: string;
  endpointId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

export interface QueueStats {
  pending: number;
  oldestPendingAt: Date | null;
}

/** Keyset position in the newest-first listing of endpoints. */
export interface EndpointPosition {
  createdAt: Date;
  id: string;
}

/** The providers whose webhooks Hookgate can receive (every upstream provider). */
export type InboundProvider = 'BOLT' | 'SHIPPO' | 'BLAZE' | 'UP42';

/** Where a provider-side webhook lives (see WebhookRef; stored as given). */
export interface InboundWebhookRef {
  externalId: string;
  scope: { divisionId?: string | undefined; shopId?: string | undefined; companyId?: string | undefined; workspaceId?: string | undefined } | null;
}

/** An inbound source: the URL a provider posts its webhooks to, and how they are verified. */
export interface InboundSourceRecord {
  id: string;
  tenant: string;
  provider: InboundProvider;
  name: string | null;
  /** SHA-256 (hex) of the URL's path token: how a request finds its source without the token being stored in clear. */
  tokenHash: string;
  /** The path token, sealed (SecretBox): the source's URL is shown again on every read. */
  sealedToken: string;
  /** The provider-specific secret (Shippo's `?token=`, UP42's signing secret), sealed; null when the provider has none. */
  sealedSecret: string | null;
  events: string[];
  scope: InboundWebhookRef['scope'];
  /** The provider-side webhook pointing at this source, when Hookgate registered it. */
  webhook: InboundWebhookRef | null;
  createdAt: Date;
  /** Verified events stored (a provider's retry of a stored event does not count). */
  receivedCount: number;
  lastReceivedAt: Date | null;
  /** Requests refused because they did not verify. */
  rejectedCount: number;
}

/**
 * What receiving a delivery needs of its source: fixed from the source's creation to its
 * deletion, so a store may keep it in memory.
 */
export type InboundSourceKey = Readonly<Pick<InboundSourceRecord, 'id' | 'tenant' | 'provider' | 'sealedSecret'>> & {
  readonly events: readonly string[];
};

/** A verified event a provider sent to an inbound source. */
export interface ProviderEventRecord {
  /** Increases with every stored event (store-wide): the keyset of listings and the subscription's resume cursor. */
  seq: number;
  id: string;
  tenant: string;
  sourceId: string;
  provider: InboundProvider;
  /** The provider's own event name. */
  type: string;
  occurredAt: Date | null;
  receivedAt: Date;
  /** The provider's event id, or a digest of the raw body: a retry carries the same key. */
  dedupeKey: string;
  /** The raw body as received (verified JSON text). */
  payloadJson: string;
}

/** The LOCAL event an inbound event is forwarded as, written with it (outbox). */
export interface ForwardRequest {
  /** Called (in the transaction) only when an endpoint receives it. */
  event: () => EventRecord;
  /** Endpoint subscriptions that receive it besides `*`, e.g. `shippo.track_updated` and `shippo.*`. */
  subscribedAs: readonly string[];
  newDeliveryId: () => string;
  /** As in PublishRequest. */
  leaseNewDeliveries?: PublishRequest['leaseNewDeliveries'];
}

export interface RecordProviderEventRequest {
  event: Omit<ProviderEventRecord, 'seq'>;
  /** Written only when at least one endpoint receives it. */
  forward: ForwardRequest;
}

export interface RecordProviderEventOutcome {
  event: ProviderEventRecord;
  /** True when the source had an event with this dedupe key already: nothing was written. */
  duplicate: boolean;
  /** The forwarded LOCAL event's deliveries (empty when no endpoint receives it). */
  deliveries: DeliveryRecord[];
  claimed: ClaimedDelivery[];
}

export interface ProviderEventFilter {
  tenant: string;
  provider?: InboundProvider | undefined;
  sourceId?: string | undefined;
}

/** A page of a tenant's inbound sources (see Store.listInboundSources). */
export interface InboundSourcesRequest {
  tenant: string;
  provider?: InboundProvider | undefined;
  first: number;
  after: EndpointPosition | null;
}

/** A page of provider events, newest first (see Store.listProviderEvents). */
export interface ProviderEventsRequest extends ProviderEventFilter {
  type?: string | undefined;
  first: number;
  beforeSeq: number | null;
}

/** What a resuming subscriber missed (see Store.listProviderEventsSince). */
export interface ProviderEventsSinceRequest extends ProviderEventFilter {
  types?: readonly string[] | undefined;
  afterSeq: number;
  limit: number;
}

export interface Store {
  insertEndpoint(endpoint: EndpointRecord): Promise<void>;
  /** Applies the patch and returns the new record, or null when there is no such endpoint. */
  updateEndpoint(tenant: string, id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null>;
  deleteEndpoint(tenant: string, id: string): Promise<boolean>;
  getEndpoints(tenant: string, ids: readonly string[]): Promise<EndpointRecord[]>;
  /** Newest first, strictly after `after`. */
  listEndpoints(request: { tenant: string; first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]>;
  /** All of the tenant's endpoints, for the per-tenant limit. */
  countEndpoints(tenant: string): Promise<number>;
  /** Endpoints that name this event type explicitly (not through `*`). */
  countEndpointsSubscribedTo(tenant: string, eventType: string): Promise<number>;

  /** Returns false when the tenant has a type of that name already. */
  insertEventType(eventType: EventTypeRecord): Promise<boolean>;
  updateEventType(tenant: string, name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null>;
  deleteEventType(tenant: string, name: string): Promise<boolean>;
  listEventTypes(tenant: string): Promise<EventTypeRecord[]>;
  getEventType(tenant: string, name: string): Promise<EventTypeRecord | null>;

  /**
   * Stores the event and one PENDING delivery per active endpoint subscribed to its type (or
   * to `*`), atomically. With an idempotency key seen since `idempotentSince`, returns that
   * event and its deliveries and writes nothing.
   */
  publishEvent(request: PublishRequest): Promise<PublishOutcome>;
  /**
   * Publishes several events in ONE transaction: all are written or none. Each is handled as by
   * publishEvent; a key repeated within the batch makes the later event a duplicate of the earlier.
   * Outcomes are in the order of `requests`.
   */
  publishEvents(requests: readonly PublishRequest[]): Promise<PublishOutcome[]>;
  /**
   * Leases up to `limit` due deliveries until `leaseUntil`, oldest due first and within
   * `endpointRoom`; a crashed worker's lease runs out. With `endpointRoom`, only the first few
   * times `limit` due deliveries (after those of endpoints without room) are looked at.
   */
  claimDueDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]>;
  /**
   * Records an attempt and moves its delivery on (and the endpoint, when it must be disabled).
   * Returns the attempt's `seq` (see AttemptEventRecord); null, having written nothing, when the
   * delivery is gone (its endpoint was deleted while it was being attempted).
   */
  recordAttempt(result: AttemptResult, now: Date): Promise<{ seq: number } | null>;
  /** Extends the leases of deliveries this process still holds (waiting or in flight). */
  renewLeases(ids: readonly string[], leaseUntil: Date): Promise<void>;
  /** Gives back leases this process holds on deliveries it will not attempt now: they are due again at once. */
  releaseLeases(ids: readonly string[]): Promise<void>;
  /**
   * Attempts recorded after `afterSeq`, oldest first, of one tenant, optionally of one endpoint
   * and some event types: what a resuming subscriber missed.
   */
  listAttemptEvents(request: AttemptEventsRequest): Promise<AttemptEventRecord[]>;
  /**
   * Attempts of every tenant recorded after `afterSeq`, oldest first: what the process's one
   * subscription sweep reads (by the seq index) and hands to each tenant's subscribers.
   */
  listAttemptEventsOfAllTenants(afterSeq: number, limit: number): Promise<AttemptEventRecord[]>;
  /** The highest `seq` recorded so far (0 when none): where a new subscriber starts. */
  lastAttemptSeq(): Promise<number>;
  /**
   * A random id made when the store was created: every instance on this store reads the same,
   * no other store has it. What instances share outside the store (Redis channels) is named by it.
   */
  storeId(): Promise<string>;
  /** When the earliest PENDING delivery (of an endpoint not `excluded`) falls due, counting leases; null when none. */
  nextDueAt(excluded?: readonly string[]): Promise<Date | null>;
  getDeliveries(tenant: string, ids: readonly string[]): Promise<DeliveryRecord[]>;
  /** Newest first, strictly after the delivery `after`, of `request.tenant` only. */
  listDeliveries(request: DeliveryFilter & { first: number; after: { createdAt: Date; id: string } | null }): Promise<DeliveryRecord[]>;
  getEvents(tenant: string, ids: readonly string[]): Promise<EventRecord[]>;
  /** Attempts of these deliveries, oldest first. */
  getAttempts(deliveryIds: readonly string[]): Promise<AttemptRecord[]>;
  /**
   * Starts a new series of attempts for one SUCCEEDED or FAILED delivery, due now, in one
   * conditional update: a PENDING one (queued, or being attempted here or by another instance)
   * is left as it is, so that no delivery is ever attempted twice at once.
   */
  redeliver(tenant: string, deliveryId: string, now: Date): Promise<RedeliverOutcome>;
  /** Starts a new series for every FAILED delivery of the endpoint created since `since`. */
  recoverFailed(tenant: string, endpointId: string, since: Date, now: Date): Promise<number>;
  queueStats(): Promise<QueueStats>;

  insertInboundSource(source: InboundSourceRecord): Promise<void>;
  getInboundSources(tenant: string, ids: readonly string[]): Promise<InboundSourceRecord[]>;
  /**
   * The source whose path token hashes to this, of any tenant (a provider's request names no
   * tenant). On every inbound request, known source or not: answered in the same time either way.
   */
  findInboundSource(tokenHash: string): Promise<InboundSourceKey | null>;
  /** Newest first, strictly after `after`. */
  listInboundSources(request: InboundSourcesRequest): Promise<InboundSourceRecord[]>;
  /** Its events stay (their source then reads as gone). */
  deleteInboundSource(tenant: string, id: string): Promise<boolean>;
  /** Counts a refused request against the source. */
  countRejectedInbound(sourceId: string): Promise<void>;
  /**
   * Stores a verified event unless the source has one with its dedupe key, counts it on the
   * source, and forwards it as a LOCAL event with one delivery per active endpoint subscribed
   * to it: all in one transaction.
   */
  recordProviderEvent(request: RecordProviderEventRequest): Promise<RecordProviderEventOutcome>;
  getProviderEvents(tenant: string, ids: readonly string[]): Promise<ProviderEventRecord[]>;
  /** Newest first, with seq below `beforeSeq` when given. */
  listProviderEvents(request: ProviderEventsRequest): Promise<ProviderEventRecord[]>;
  /** Oldest first, with seq above `afterSeq`: what a resuming subscriber missed. */
  listProviderEventsSince(request: ProviderEventsSinceRequest): Promise<ProviderEventRecord[]>;
  /** The highest seq stored so far (0 when none): where a new subscriber starts. */
  lastProviderEventSeq(): Promise<number>;

  insertApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** Every key (of one tenant when given), newest first, revoked ones included. */
  listApiKeys(tenant: string | null): Promise<ApiKeyRecord[]>;
  /** Returns false when there is no such key or it was revoked already. */
  revokeApiKey(id: string, now: Date): Promise<boolean>;
  countActiveApiKeys(): Promise<number>;
  /** Which of these key ids are of existing keys not revoked; one query, for re-checking open subscriptions. */
  activeApiKeyIds(ids: readonly string[]): Promise<Set<string>>;

  /**
   * Calls `listener` when another process made deliveries due (PostgreSQL LISTEN/NOTIFY), so
   * idle workers wake without a tight poll. Absent on stores only one process uses.
   */
  onDeliveriesDue?(listener: () => void): Promise<() => Promise<void>>;

  /** Throws when the store cannot answer (readiness). */
  ping(): Promise<void>;
  /**
   * Makes a small write that changes nothing and throws when it fails, or when there is too little
   * room for ordinary writes: how the gateway finds out that writes succeed again after a fault.
   */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}
