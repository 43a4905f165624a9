/**
 * The store at scale: PostgreSQL through a `pg` pool, for several gateway instances sharing one
 * database. Same behaviour as the SQLite store; claims use `FOR UPDATE SKIP LOCKED` so that
 * instances never hold the same delivery, and LISTEN/NOTIFY wakes idle workers everywhere.
 */
import { Client, Pool, type PoolClient } from 'pg';
import type {
  ApiKeyRecord,
  AttemptEventRecord,
  AttemptEventsRequest,
  AttemptRecord,
  AttemptResult,
  ClaimedDelivery,
  ClaimRequest,
  DeliveryFilter,
  DeliveryRecord,
  EndpointPatch,
  EndpointPosition,
  EndpointRoom,
  EndpointRecord,
  EventRecord,
  EventTypePatch,
  EventTypeRecord,
  InboundSourceKey,
  InboundSourceRecord,
  InboundSourcesRequest,
  ProviderEventFilter,
  ProviderEventRecord,
  ProviderEventsRequest,
  ProviderEventsSinceRequest,
  PublishOutcome,
  PublishRequest,
  QueueStats,
  RedeliverOutcome,
  RecordProviderEventOutcome,
  RecordProviderEventRequest,
  Store,
} from '../store.ts';
import { AttemptBatcher } from './attempt-batch.ts';
import { ProviderEventBatcher, RECORD_PROVIDER_EVENT } from './provider-event-batch.ts';
import { CLAIM_DUE, type ClaimedRow, SELECT_CLAIMED, toClaimed } from './claim.ts';
import { DELIVERIES_DUE_CHANNEL, DueListener } from './due-listener.ts';
import { migrate } from './migrate.ts';
import {
  type ApiKeyRow,
  type AttemptEventRow,
  type AttemptRow,
  type DeliveryRow,
  type EndpointRow,
  type EventRow,
  type EventTypeRow,
  type InboundSourceRow,
  type ProviderEventRow,
  jsonParam,
  providerEventConditions,
  storableText,
  toApiKey,
  toAttempt,
  toAttemptEvent,
  toDelivery,
  toEndpoint,
  toEvent,
  toEventType,
  toInboundSource,
  toProviderEvent,
  toSeq,
} from './rows.ts';
import { checkSchemaName, quoteSchemaName } from './schema-name.ts';
import { inTransaction } from './transaction.ts';
import { ENDPOINT_COLUMNS, EVENT_TYPE_COLUMNS } from '../patch-columns.ts';
import { pendingDelivery, sendableEvent } from '../pending-delivery.ts';
import { CLAIM_WINDOW_FACTOR, endpointsWithoutRoom, partialRoom } from '../endpoint-room.ts';

export interface PostgresStoreOptions {
  /** A PostgreSQL connection URL, e.g. `postgres://user:password@host:5432/hookgate`. */
  connectionString: string;
  /**
   * The schema that holds the tables: created if missing, and every connection's `search_path`.
   * Lowercase letters, digits and underscores. Default: the server's `search_path` (normally `public`).
   */
  schema?: string | undefined;
  /** How the connections show in `pg_stat_activity`; the LISTEN connection adds " listener". Default `hookgate`. */
  applicationName?: string | undefined;
  /** Most pooled connections at once (the LISTEN connection is extra). Default 10. */
  maxConnections?: number | undefined;
  /** How long to wait for a connection, new or from a full pool, before failing. Default 10 000. */
  connectTimeoutMs?: number | undefined;
  /**
   * How long one statement may take before it fails and its connection is dropped, so that a
   * database that stopped answering fails calls instead of hanging them. Default 30 000.
   */
  queryTimeoutMs?: number | undefined;
  /** Where failures of connections (pooled or LISTEN) are reported. Default `console.error`. */
  log?: ((message: string, error: unknown) => void) | undefined;
}

/**
 * $1..$6 the event. Inserts it and reads the active endpoints subscribed to its type (or to
 * '*'), as one row per endpoint plus `inserted` (0 when a concurrent publish took the
 * idempotency key); with no endpoint, one row of nulls carries `inserted`. KEY SHARE: an
 * endpoint deleted meanwhile is skipped rather than failing the deliveries' insert.
 */
const PUBLISH_EVENT = `
  WITH inserted AS (
    INSERT INTO events (id, tenant, event_type, payload, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING 1)
  SELECT (SELECT count(*)::integer FROM inserted) AS inserted, t.*
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT e.* FROM endpoints e
    WHERE e.tenant = $2 AND e.active AND EXISTS (
      SELECT 1 FROM endpoint_events s WHERE s.tenant = $2 AND s.event_type IN ($3, '*') AND s.endpoint_id = e.id)
    ORDER BY e.id FOR KEY SHARE) AS t ON true`;

/** The new deliveries of an event ($1..$9), and the NOTIFY when some are not leased (after `WITH`). */
const INSERT_DELIVERIES = `
  added AS (
    INSERT INTO deliveries (id, tenant, event_id, endpoint_id, status, attempt_count, series_attempts,
      next_attempt_at, lease_until, created_at, updated_at)
    SELECT d.id, $5, $3, d.endpoint_id, 'PENDING', 0, 0, $4, d.lease_until, $4, $4
    FROM unnest($1::text[], $2::text[], $6::timestamptz[]) AS d (id, endpoint_id, lease_until)
    RETURNING 1)
  SELECT CASE WHEN $7::boolean THEN pg_notify($8, $9) END FROM (SELECT count(*) FROM added) AS n`;

/** A concurrent publish with the same key can win the insert; each lost race is followed by one more lookup. */
const PUBLISH_TRIES = 3;

function definedEntries<K extends string>(patch: Partial<Record<K, unknown>>): [K, unknown][] {
  return (Object.entries(patch) as [K, unknown][]).filter(([, value]) => value !== undefined);
}

export class PostgresStore implements Store {
  readonly #pool: Pool;
  readonly #listener: DueListener;
  readonly #attempts: AttemptBatcher;
  readonly #providerEvents: ProviderEventBatcher;
  /** The NOTIFY payload: stores in other schemas of the same database ignore ours. */
  readonly #notifyPayload: string;
  #closed = false;

  private constructor(pool: Pool, listener: DueListener, notifyPayload: string) {
    this.#pool = pool;
    this.#listener = listener;
    this.#notifyPayload = notifyPayload;
    this.#attempts = new AttemptBatcher(pool);
    this.#providerEvents = new ProviderEventBatcher(pool, (client, request) => this.#writeProviderEvent(client, request));
  }

  /**
   * Connects and applies pending migrations (safe when several instances open at once).
   * Unlike the embedded store, leases are left alone: other instances may hold them.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema === undefined ? null : checkSchemaName(options.schema);
    const applicationName = options.applicationName ?? 'hookgate';
    const log = options.log ?? ((message, error) => console.error(`[store] ${message}`, error ?? ''));
    const setSearchPath = schema === null ? null : `SET search_path TO ${quoteSchemaName(schema)}`;
    const pool = new Pool({
      connectionString: options.connectionString,
      application_name: applicationName,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      query_timeout: options.queryTimeoutMs ?? 30_000,
      // Lets TCP notice a server that vanished without closing its connections.
      keepAlive: true,
      // Awaited before the connection is handed out. Not the `options` connection parameter:
      // one in the URL would silently replace ours.
      onConnect: async (client) => {
        if (setSearchPath !== null) await client.query(setSearchPath);
      },
    });
    // A connection's failure (a server restart, pg_terminate_backend) is an 'error' event, and
    // one without a listener crashes the process. The pool listens on idle connections only,
    // not on those checked out (pool.connect() in transactions): this listener covers every
    // connection for its whole life. The statement running on it fails and says why.
    pool.on('connect', (client) => client.on('error', (error) => log('a PostgreSQL connection failed', error)));
    pool.on('error', () => {}); // an idle connection's failure, logged by the listener above
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    const listener = new DueListener({
      connectionString: options.connectionString,
      applicationName,
      payload: schema ?? '',
      log,
    });
    return new PostgresStore(pool, listener, schema ?? '');
  }

  /** Drops a schema and everything in it (test cleanup). */
  static async dropSchema(connectionString: string, schema: string): Promise<void> {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${quoteSchemaName(schema)} CASCADE`);
    } finally {
      await client.end();
    }
  }

  /**
   * Calls `listener` whenever any instance on this database and schema has made deliveries due
   * now (publish, redeliver, recover), and after the LISTEN connection was re-established
   * (notifications may have been missed meanwhile). Resolves once listening; the returned
   * function stops it.
   */
  async onDeliveriesDue(listener: () => void): Promise<() => Promise<void>> {
    return this.#listener.add(listener);
  }

  async #replaceSubscriptions(client: PoolClient, tenant: string, endpointId: string, events: readonly string[]): Promise<void> {
    await client.query('DELETE FROM endpoint_events WHERE endpoint_id = $1', [endpointId]);
    await client.query(
      `INSERT INTO endpoint_events (tenant, endpoint_id, event_type) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [tenant, endpointId, [...events]],
    );
  }

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO endpoints (id, tenant, url, name, events, active, is_test, secret, previous_secret,
           previous_secret_expires_at, disabled_reason, failing_since, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          endpoint.id,
          endpoint.tenant,
          endpoint.url,
          endpoint.name,
          JSON.stringify(endpoint.events),
          endpoint.active,
          endpoint.isTest,
          endpoint.secret,
          endpoint.previousSecret,
          endpoint.previousSecretExpiresAt,
          endpoint.disabledReason,
          endpoint.failingSince,
          endpoint.createdAt,
          endpoint.updatedAt,
        ],
      );
      await this.#replaceSubscriptions(client, endpoint.tenant, endpoint.id, endpoint.events);
    });
  }

  async updateEndpoint(tenant: string, id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null> {
    return inTransaction(this.#pool, async (client) => {
      const entries = definedEntries<keyof EndpointPatch>(patch);
      const assignments = [...entries.map(([key], i) => `${ENDPOINT_COLUMNS[key]} = $${i + 1}`), `updated_at = $${entries.length + 1}`];
      const values = [...entries.map(([key, value]) => (key === 'events' ? JSON.stringify(value) : value)), now, id, tenant];
      const { rows } = await client.query<EndpointRow>(
        `UPDATE endpoints SET ${assignments.join(', ')} WHERE id = $${entries.length + 2} AND tenant = $${entries.length + 3} RETURNING *`,
        values,
      );
      const row = rows[0];
      if (!row) return null;
      if (patch.events) await this.#replaceSubscriptions(client, tenant, id, patch.events);
      return toEndpoint(row);
    });
  }

  async deleteEndpoint(tenant: string, id: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM endpoints WHERE id = $1 AND tenant = $2', [id, tenant]);
    return (result.rowCount ?? 0) > 0;
  }

  async getEndpoints(tenant: string, ids: readonly string[]): Promise<EndpointRecord[]> {
    return (await this.#selectByIds<EndpointRow>('endpoints', ids, tenant)).map(toEndpoint);
  }

  async listEndpoints(request: { tenant: string; first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]> {
    const { rows } = request.after
      ? await this.#pool.query<EndpointRow>(
          `SELECT * FROM endpoints WHERE tenant = $1 AND (created_at, id) < ($2, $3)
           ORDER BY created_at DESC, id DESC LIMIT $4`,
          [request.tenant, request.after.createdAt, request.after.id, request.first],
        )
      : await this.#pool.query<EndpointRow>('SELECT * FROM endpoints WHERE tenant = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [
          request.tenant,
          request.first,
        ]);
    return rows.map(toEndpoint);
  }

  async countEndpoints(tenant: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM endpoints WHERE tenant = $1', [tenant]);
    return rows[0]?.n ?? 0;
  }

  async countEndpointsSubscribedTo(tenant: string, eventType: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM endpoint_events WHERE tenant = $1 AND event_type = $2',
      [tenant, eventType],
    );
    return rows[0]?.n ?? 0;
  }

  async insertEventType(eventType: EventTypeRecord): Promise<boolean> {
    const result = await this.#pool.query(
      `INSERT INTO event_types (tenant, name, title, description, category, schema, example, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant, name) DO NOTHING`,
      [
        eventType.tenant,
        eventType.name,
        eventType.title,
        eventType.description,
        eventType.category,
        jsonParam(eventType.schema),
        jsonParam(eventType.example),
        eventType.createdAt,
        eventType.updatedAt,
      ],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async updateEventType(tenant: string, name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null> {
    const entries = definedEntries<keyof EventTypePatch>(patch);
    const assignments = [...entries.map(([key], i) => `${EVENT_TYPE_COLUMNS[key]} = $${i + 1}`), `updated_at = $${entries.length + 1}`];
    const values = [...entries.map(([key, value]) => (key === 'schema' || key === 'example' ? jsonParam(value) : value)), now, tenant, name];
    const { rows } = await this.#pool.query<EventTypeRow>(
      `UPDATE event_types SET ${assignments.join(', ')} WHERE tenant = $${entries.length + 2} AND name = $${entries.length + 3} RETURNING *`,
      values,
    );
    return rows[0] ? toEventType(rows[0]) : null;
  }

  async deleteEventType(tenant: string, name: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM event_types WHERE tenant = $1 AND name = $2', [tenant, name]);
    return (result.rowCount ?? 0) > 0;
  }

  async getEventType(tenant: string, name: string): Promise<EventTypeRecord | null> {
    const { rows } = await this.#pool.query<EventTypeRow>('SELECT * FROM event_types WHERE tenant = $1 AND name = $2', [tenant, name]);
    return rows[0] ? toEventType(rows[0]) : null;
  }

  async listEventTypes(tenant: string): Promise<EventTypeRecord[]> {
    const { rows } = await this.#pool.query<EventTypeRow>('SELECT * FROM event_types WHERE tenant = $1 ORDER BY name', [tenant]);
    return rows.map(toEventType);
  }

  async publishEvent(request: PublishRequest): Promise<PublishOutcome> {
    return inTransaction(this.#pool, (client) => this.#publish(client, request));
  }

  async publishEvents(requests: readonly PublishRequest[]): Promise<PublishOutcome[]> {
    // In key order, so that two batches locking the same keys cannot deadlock; a stable sort
    // keeps a key repeated within the batch in input order (the first one wins).
    const order = requests.map((_, i) => i).sort((a, b) => compareKeys(requests[a]!.event.idempotencyKey, requests[b]!.event.idempotencyKey));
    return inTransaction(this.#pool, async (client) => {
      const outcomes = new Array<PublishOutcome>(requests.length);
      for (const i of order) outcomes[i] = await this.#publish(client, requests[i]!);
      return outcomes;
    });
  }

  /** One event's publish, inside the caller's transaction. */
  async #publish(client: PoolClient, request: PublishRequest): Promise<PublishOutcome> {
    const { event } = request;
    const payloadJson = request.payloadJson ?? JSON.stringify(event.payload);
    let endpointRows: EndpointRow[];
    for (let tries = 1; ; tries += 1) {
      if (event.idempotencyKey !== null) {
        const { rows } = await client.query<EventRow>('SELECT * FROM events WHERE tenant = $1 AND idempotency_key = $2 FOR UPDATE', [
          event.tenant,
          event.idempotencyKey,
        ]);
        const existing = rows[0];
        if (existing && existing.created_at >= request.idempotentSince) {
          const deliveries = await client.query<DeliveryRow>('SELECT * FROM deliveries WHERE event_id = $1 ORDER BY id', [existing.id]);
          return { event: toEvent(existing), deliveries: deliveries.rows.map(toDelivery), duplicate: true, claimed: [] };
        }
        // The key is older than the window: it may be used again, by this event.
        if (existing) await client.query('UPDATE events SET idempotency_key = NULL WHERE id = $1', [existing.id]);
      }
      // The event and the endpoints it fans out to, in one round trip (see PUBLISH_EVENT).
      const { rows } = await client.query<{ inserted: number } & Partial<EndpointRow>>({
        name: 'hookgate_publish_event',
        text: PUBLISH_EVENT,
        values: [event.id, event.tenant, event.eventType, payloadJson, event.idempotencyKey, event.createdAt],
      });
      if (rows[0]?.inserted === 1) {
        endpointRows = rows.filter((row): row is typeof row & EndpointRow => row.id !== undefined && row.id !== null);
        break;
      }
      // Another instance committed an event with this key after our lookup: look again.
      if (tries >= PUBLISH_TRIES) throw new Error(`idempotency key ${event.idempotencyKey} kept being taken concurrently`);
    }
    return { event, duplicate: false, ...(await this.#insertDeliveries(client, event, payloadJson, endpointRows, request)) };
  }

  /** One PENDING delivery of the (already written) event per endpoint row: the outbox of publishEvent and of forwarding. */
  async #insertDeliveries(
    client: PoolClient,
    event: EventRecord,
    payloadJson: string,
    endpointRows: EndpointRow[],
    request: Pick<PublishRequest, 'newDeliveryId' | 'leaseNewDeliveries'>,
    options: { withEvent?: boolean } = {},
  ): Promise<{ deliveries: DeliveryRecord[]; claimed: ClaimedDelivery[] }> {
    const endpointIds = endpointRows.map((row) => row.id);
    const deliveryIds = endpointIds.map(() => request.newDeliveryId());
    const leases = endpointIds.length > 0 ? request.leaseNewDeliveries?.(endpointIds) : undefined;
    if (endpointIds.length > 0) {
      const leaseUntil = endpointIds.map((_, i) => leases?.[i] ?? null);
      const values = [
        deliveryIds,
        endpointIds,
        event.id,
        event.createdAt,
        event.tenant,
        leaseUntil,
        leaseUntil.includes(null),
        DELIVERIES_DUE_CHANNEL,
        this.#notifyPayload,
      ];
      // Leased deliveries are this process's to send; other instances need not wake for them.
      // The NOTIFY rides in the same statement, and is sent when the transaction commits.
      // With the event (forwarding): its row in the same statement too (its deliveries' foreign
      // keys are checked at the statement's end).
      await client.query(
        options.withEvent
          ? {
              name: 'hookgate_forward_event',
              text: `WITH event AS (
                       INSERT INTO events (id, tenant, event_type, payload, idempotency_key, created_at) VALUES ($3, $5, $10, $11, $12, $4)),
                     ${INSERT_DELIVERIES}`,
              values: [...values, event.eventType, payloadJson, event.idempotencyKey],
            }
          : { name: 'hookgate_publish_deliveries', text: `WITH ${INSERT_DELIVERIES}`, values },
      );
    }
    const deliveries = endpointIds.map((endpointId, i) => pendingDelivery(deliveryIds[i] as string, event, endpointId));
    const sendable = sendableEvent(event, payloadJson);
    const claimed = deliveries.flatMap((delivery, i) =>
      leases?.[i] ? [{ delivery, event: sendable, endpoint: toEndpoint(endpointRows[i]!) }] : [],
    );
    return { deliveries, claimed };
  }

  async claimDueDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]> {
    const rows = request.endpointRoom ? await this.#leaseWithinRoom(request, request.endpointRoom) : await this.#leaseInDueOrder(request);
    return rows
      .map(toClaimed)
      .sort((a, b) => (a.delivery.nextAttemptAt?.getTime() ?? 0) - (b.delivery.nextAttemptAt?.getTime() ?? 0));
  }

  /** One round trip: the due deliveries leased, with their endpoints and events (see CLAIM_DUE). */
  async #leaseInDueOrder(request: ClaimRequest): Promise<ClaimedRow[]> {
    const { rows } = await this.#pool.query<ClaimedRow>({
      name: 'hookgate_claim_due',
      text: CLAIM_DUE,
      values: [request.leaseUntil, request.now, request.limit],
    });
    return rows;
  }

  /** As #leaseInDueOrder, in one statement, taking at most each endpoint's room from a bounded window. */
  async #leaseWithinRoom(request: ClaimRequest, room: EndpointRoom): Promise<ClaimedRow[]> {
    const partial = partialRoom(room);
    const { rows } = await this.#pool.query<ClaimedRow>({
      name: 'hookgate_claim_within_room',
      text: `WITH candidates AS (
         SELECT id, endpoint_id, next_attempt_at FROM deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2)
           AND NOT (endpoint_id = ANY($4::text[]))
         ORDER BY next_attempt_at LIMIT $5
         FOR UPDATE SKIP LOCKED),
       ranked AS (
         SELECT c.id, c.next_attempt_at, coalesce(r.room, $8) AS room,
           row_number() OVER (PARTITION BY c.endpoint_id ORDER BY c.next_attempt_at, c.id) AS nth
         FROM candidates c LEFT JOIN unnest($6::text[], $7::integer[]) AS r (endpoint_id, room) ON r.endpoint_id = c.endpoint_id),
       picked AS (SELECT id FROM ranked WHERE nth <= room ORDER BY next_attempt_at LIMIT $3),
       claimed AS (UPDATE deliveries d SET lease_until = $1 FROM picked WHERE d.id = picked.id RETURNING d.*)
       ${SELECT_CLAIMED}`,
      values: [
        request.leaseUntil,
        request.now,
        request.limit,
        endpointsWithoutRoom(room),
        request.limit * CLAIM_WINDOW_FACTOR,
        partial.ids,
        partial.rooms,
        room.others,
      ],
    });
    return rows;
  }

  /** Rows by id, of one tenant when given (the worker reads across tenants). */
  async #selectByIds<R extends { id: string }>(
    table: 'endpoints' | 'events' | 'deliveries',
    ids: readonly string[],
    tenant: string | null = null,
  ): Promise<R[]> {
    if (ids.length === 0) return [];
    const { rows } =
      tenant === null
        ? await this.#pool.query<R>(`SELECT * FROM ${table} WHERE id = ANY($1::text[])`, [[...ids]])
        : await this.#pool.query<R>(`SELECT * FROM ${table} WHERE id = ANY($1::text[]) AND tenant = $2`, [[...ids], tenant]);
    return rows;
  }

  async recordAttempt(result: AttemptResult, now: Date): Promise<{ seq: number } | null> {
    return this.#attempts.record(result, now);
  }

  async renewLeases(ids: readonly string[], leaseUntil: Date): Promise<void> {
    if (ids.length === 0) return;
    // Only deliveries still leased: one whose attempt was recorded meanwhile (lease released)
    // or that was redelivered must not be held back by a renewal that raced with it. A lease
    // is never shortened (nor rewritten unchanged).
    await this.#pool.query({
      name: 'hookgate_renew_leases',
      text: `UPDATE deliveries SET lease_until = $2
             WHERE id = ANY($1::text[]) AND status = 'PENDING' AND lease_until IS NOT NULL AND lease_until < $2`,
      values: [[...ids], leaseUntil],
    });
  }

  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query(`UPDATE deliveries SET lease_until = NULL WHERE id = ANY($1::text[]) AND status = 'PENDING'`, [[...ids]]);
  }

  async listAttemptEvents(request: AttemptEventsRequest): Promise<AttemptEventRecord[]> {
    const values: unknown[] = [request.tenant, request.afterSeq];
    const conditions = ['a.tenant = $1', 'a.seq > $2'];
    if (request.endpointId !== undefined) {
      values.push(request.endpointId);
      conditions.push(`d.endpoint_id = $${values.length}`);
    }
    // As the live subscription filters: no list is every type, an empty one is none.
    if (request.eventTypes !== undefined) {
      values.push([...request.eventTypes]);
      conditions.push(`e.event_type = ANY($${values.length}::text[])`);
    }
    return this.#attemptEvents(conditions, values, request.limit);
  }

  async listAttemptEventsOfAllTenants(afterSeq: number, limit: number): Promise<AttemptEventRecord[]> {
    return this.#attemptEvents(['a.seq > $1'], [afterSeq], limit);
  }

  async #attemptEvents(conditions: string[], values: unknown[], limit: number): Promise<AttemptEventRecord[]> {
    const { rows } = await this.#pool.query<AttemptEventRow>(
      `SELECT a.*, d.endpoint_id, d.event_id, e.event_type
       FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN events e ON e.id = d.event_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY a.seq LIMIT $${values.length + 1}`,
      [...values, limit],
    );
    return rows.map(toAttemptEvent);
  }

  async lastAttemptSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM delivery_attempts');
    const seq = rows[0]?.seq;
    return seq === null || seq === undefined ? 0 : toSeq(seq);
  }

  async storeId(): Promise<string> {
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM store_identity');
    return String(rows[0]?.id);
  }

  async nextDueAt(excluded: readonly string[] = []): Promise<Date | null> {
    // Split so that neither half scans the whole queue: unleased work in due order (first row of
    // the due index), and the few leased rows (in flight, or held by an instance that died).
    const { rows } = await this.#pool.query<{ due: Date | null }>({
      name: 'hookgate_next_due_at',
      text: `SELECT least(
         (SELECT next_attempt_at FROM deliveries
          WHERE status = 'PENDING' AND next_attempt_at IS NOT NULL AND lease_until IS NULL AND NOT (endpoint_id = ANY($1::text[]))
          ORDER BY next_attempt_at LIMIT 1),
         (SELECT min(greatest(next_attempt_at, lease_until)) FROM deliveries
          WHERE lease_until IS NOT NULL AND status = 'PENDING' AND next_attempt_at IS NOT NULL AND NOT (endpoint_id = ANY($1::text[])))
       ) AS due`,
      values: [[...excluded]],
    });
    return rows[0]?.due ?? null;
  }

  async getDeliveries(tenant: string, ids: readonly string[]): Promise<DeliveryRecord[]> {
    return (await this.#selectByIds<DeliveryRow>('deliveries', ids, tenant)).map(toDelivery);
  }

  async listDeliveries(
    request: DeliveryFilter & { first: number; after: { createdAt: Date; id: string } | null },
  ): Promise<DeliveryRecord[]> {
    const conditions = ['tenant = $1'];
    const values: unknown[] = [request.tenant];
    if (request.endpointId !== undefined) {
      values.push(request.endpointId);
      conditions.push(`endpoint_id = $${values.length}`);
    }
    if (request.status !== undefined) {
      values.push(request.status);
      conditions.push(`status = $${values.length}`);
    }
    if (request.after) {
      values.push(request.after.createdAt, request.after.id);
      conditions.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
    }
    values.push(request.first);
    const { rows } = await this.#pool.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toDelivery);
  }

  async getEvents(tenant: string, ids: readonly string[]): Promise<EventRecord[]> {
    return (await this.#selectByIds<EventRow>('events', ids, tenant)).map(toEvent);
  }

  async getAttempts(deliveryIds: readonly string[]): Promise<AttemptRecord[]> {
    if (deliveryIds.length === 0) return [];
    const { rows } = await this.#pool.query<AttemptRow>(
      'SELECT * FROM delivery_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt_number',
      [[...deliveryIds]],
    );
    return rows.map(toAttempt);
  }

  async redeliver(tenant: string, deliveryId: string, now: Date): Promise<RedeliverOutcome> {
    // Conditional: of two instances redelivering at once, one starts the series; the row lock
    // makes the other re-check the status and find PENDING. The NOTIFY rides in the same
    // statement: it is sent when (and only if) the update commits.
    const { rows } = await this.#pool.query<DeliveryRow>(
      `UPDATE deliveries SET status = 'PENDING', series_attempts = 0, next_attempt_at = $1, lease_until = NULL,
         updated_at = $1 WHERE id = $2 AND tenant = $5 AND status IN ('SUCCEEDED', 'FAILED')
       RETURNING *, pg_notify($3, $4)`,
      [now, deliveryId, DELIVERIES_DUE_CHANNEL, this.#notifyPayload, tenant],
    );
    if (rows[0]) return { outcome: 'STARTED', delivery: toDelivery(rows[0]) };
    const [pending] = await this.#selectByIds<DeliveryRow>('deliveries', [deliveryId], tenant);
    return pending ? { outcome: 'STILL_PENDING', delivery: toDelivery(pending) } : { outcome: 'NOT_FOUND' };
  }

  async recoverFailed(tenant: string, endpointId: string, since: Date, now: Date): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(
      `WITH recovered AS (
         UPDATE deliveries SET status = 'PENDING', series_attempts = 0, next_attempt_at = $1, lease_until = NULL,
           updated_at = $1
         WHERE endpoint_id = $2 AND tenant = $6 AND status = 'FAILED' AND created_at >= $3
         RETURNING 1)
       SELECT count(*)::integer AS n, CASE WHEN count(*) > 0 THEN pg_notify($4, $5)::text END AS notified FROM recovered`,
      [now, endpointId, since, DELIVERIES_DUE_CHANNEL, this.#notifyPayload, tenant],
    );
    return rows[0]?.n ?? 0;
  }

  async queueStats(): Promise<QueueStats> {
    const { rows } = await this.#pool.query<{ pending: number; oldest: Date | null }>(
      `SELECT count(*)::integer AS pending, min(created_at) AS oldest FROM deliveries WHERE status = 'PENDING'`,
    );
    return { pending: rows[0]?.pending ?? 0, oldestPendingAt: rows[0]?.oldest ?? null };
  }

  async insertInboundSource(source: InboundSourceRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO inbound_sources (id, tenant, provider, name, token_hash, sealed_token, sealed_secret, events, scope,
         webhook, created_at, received_count, last_received_at, rejected_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        source.id,
        source.tenant,
        source.provider,
        source.name,
        source.tokenHash,
        source.sealedToken,
        source.sealedSecret,
        JSON.stringify(source.events),
        jsonParam(source.scope),
        jsonParam(source.webhook),
        source.createdAt,
        source.receivedCount,
        source.lastReceivedAt,
        source.rejectedCount,
      ],
    );
  }

  async getInboundSources(tenant: string, ids: readonly string[]): Promise<InboundSourceRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.#pool.query<InboundSourceRow>('SELECT * FROM inbound_sources WHERE id = ANY($1::text[]) AND tenant = $2', [
      [...ids],
      tenant,
    ]);
    return rows.map(toInboundSource);
  }

  async findInboundSource(tokenHash: string): Promise<InboundSourceKey | null> {
    // Not kept in memory: another instance may create or delete a source at any time.
    const { rows } = await this.#pool.query<Pick<InboundSourceRow, 'id' | 'tenant' | 'provider' | 'sealed_secret' | 'events'>>(
      'SELECT id, tenant, provider, sealed_secret, events FROM inbound_sources WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    return row ? { id: row.id, tenant: row.tenant, provider: row.provider, sealedSecret: row.sealed_secret, events: row.events } : null;
  }

  async listInboundSources(request: InboundSourcesRequest): Promise<InboundSourceRecord[]> {
    const conditions = ['tenant = $1'];
    const values: unknown[] = [request.tenant];
    if (request.provider !== undefined) {
      values.push(request.provider);
      conditions.push(`provider = $${values.length}`);
    }
    if (request.after) {
      values.push(request.after.createdAt, request.after.id);
      conditions.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
    }
    values.push(request.first);
    const { rows } = await this.#pool.query<InboundSourceRow>(
      `SELECT * FROM inbound_sources WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toInboundSource);
  }

  async deleteInboundSource(tenant: string, id: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM inbound_sources WHERE id = $1 AND tenant = $2', [id, tenant]);
    return (result.rowCount ?? 0) > 0;
  }

  async countRejectedInbound(sourceId: string): Promise<void> {
    await this.#pool.query('UPDATE inbound_sources SET rejected_count = rejected_count + 1 WHERE id = $1', [sourceId]);
  }

  async recordProviderEvent(request: RecordProviderEventRequest): Promise<RecordProviderEventOutcome> {
    return this.#providerEvents.record(request);
  }

  /** One inbound event, in its batch's transaction (provider-event-batch.ts). */
  async #writeProviderEvent(client: PoolClient, request: RecordProviderEventRequest): Promise<RecordProviderEventOutcome> {
    const { event, forward } = request;
    // ON CONFLICT: a concurrent retry of the same event waits for this one and then finds it.
    const { rows } = await client.query<{ seq: string | null } & Partial<EndpointRow>>({
      name: 'hookgate_record_provider_event',
      text: RECORD_PROVIDER_EVENT,
      values: [
        event.id,
        event.tenant,
        event.sourceId,
        event.provider,
        event.type,
        event.occurredAt,
        event.receivedAt,
        event.dedupeKey,
        event.payloadJson,
        [...forward.subscribedAs],
      ],
    });
    const seq = rows[0]?.seq ?? null;
    if (seq === null) {
      const existing = await client.query<ProviderEventRow>('SELECT * FROM provider_events WHERE source_id = $1 AND dedupe_key = $2', [
        event.sourceId,
        event.dedupeKey,
      ]);
      if (!existing.rows[0]) throw new Error(`provider event ${event.dedupeKey} conflicted but cannot be read`);
      return { event: toProviderEvent(existing.rows[0]), duplicate: true, deliveries: [], claimed: [] };
    }
    const endpointRows = rows.filter((row): row is typeof row & EndpointRow => row.id !== undefined && row.id !== null);
    let forwarded: { deliveries: DeliveryRecord[]; claimed: ClaimedDelivery[] } = { deliveries: [], claimed: [] };
    if (endpointRows.length > 0) {
      const forwardEvent = forward.event();
      const payloadJson = JSON.stringify(forwardEvent.payload);
      forwarded = await this.#insertDeliveries(client, forwardEvent, payloadJson, endpointRows, forward, { withEvent: true });
    }
    return { event: { ...event, seq: toSeq(seq) }, duplicate: false, ...forwarded };
  }

  async getProviderEvents(tenant: string, ids: readonly string[]): Promise<ProviderEventRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.#pool.query<ProviderEventRow>('SELECT * FROM provider_events WHERE id = ANY($1::text[]) AND tenant = $2', [
      [...ids],
      tenant,
    ]);
    return rows.map(toProviderEvent);
  }

  async listProviderEvents(request: ProviderEventsRequest): Promise<ProviderEventRecord[]> {
    const { conditions, values } = providerEventConditions(request);
    if (request.type !== undefined) {
      values.push(request.type);
      conditions.push(`type = $${values.length}`);
    }
    if (request.beforeSeq !== null) {
      values.push(request.beforeSeq);
      conditions.push(`seq < $${values.length}`);
    }
    values.push(request.first);
    const { rows } = await this.#pool.query<ProviderEventRow>(
      `SELECT * FROM provider_events WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toProviderEvent);
  }

  async listProviderEventsSince(request: ProviderEventsSinceRequest): Promise<ProviderEventRecord[]> {
    const { conditions, values } = providerEventConditions(request);
    if (request.types !== undefined) {
      values.push([...request.types]);
      conditions.push(`type = ANY($${values.length}::text[])`);
    }
    values.push(request.afterSeq);
    conditions.push(`seq > $${values.length}`);
    values.push(request.limit);
    const { rows } = await this.#pool.query<ProviderEventRow>(
      `SELECT * FROM provider_events WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT $${values.length}`,
      values,
    );
    return rows.map(toProviderEvent);
  }

  async lastProviderEventSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM provider_events');
    const seq = rows[0]?.seq;
    return seq === null || seq === undefined ? 0 : toSeq(seq);
  }

  async insertApiKey(key: ApiKeyRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO api_keys (id, tenant, name, scopes, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [key.id, key.tenant, key.name, JSON.stringify(key.scopes), key.hash, key.createdAt, key.revokedAt],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.#pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  async listApiKeys(tenant: string | null): Promise<ApiKeyRecord[]> {
    const { rows } =
      tenant === null
        ? await this.#pool.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id DESC')
        : await this.#pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE tenant = $1 ORDER BY created_at DESC, id DESC', [tenant]);
    return rows.map(toApiKey);
  }

  async revokeApiKey(id: string, now: Date): Promise<boolean> {
    const result = await this.#pool.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
    return (result.rowCount ?? 0) > 0;
  }

  async countActiveApiKeys(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM api_keys WHERE revoked_at IS NULL');
    return rows[0]?.n ?? 0;
  }

  async activeApiKeyIds(ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM api_keys WHERE revoked_at IS NULL AND id = ANY($1)', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async probeWrite(): Promise<void> {
    // Assigning a transaction id makes the commit write (and flush) a WAL record; no table changes.
    await this.#pool.query('SELECT txid_current()');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener.close();
    await this.#pool.end();
  }
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
