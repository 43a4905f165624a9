/**
 * The embedded store: one SQLite file through Node's built-in `node:sqlite` (no native addon).
 * Calls are synchronous underneath; the async interface keeps it interchangeable with PostgreSQL.
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
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
  DeliveryStatus,
  EndpointPatch,
  EndpointRoom,
  EndpointPosition,
  EndpointRecord,
  EventRecord,
  EventTypePatch,
  EventTypeRecord,
  InboundProvider,
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
  SendableEvent,
  Store,
} from '../store.ts';
import { ownerOnlyFile, ownerOnlyFolder } from '../../util/owner-only-files.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { defineEventKeyDigest, ProviderEventKeys } from './provider-event-keys.ts';
import { ReadThroughCache } from './read-through-cache.ts';
import { ENDPOINT_COLUMNS, EVENT_TYPE_COLUMNS } from '../patch-columns.ts';
import { pendingDelivery, sendableEvent } from '../pending-delivery.ts';
import { CLAIM_WINDOW_FACTOR, endpointsWithoutRoom } from '../endpoint-room.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

type Row = Record<string, SQLInputValue>;

export interface SqliteStoreOptions {
  /**
   * Checkpoint the write-ahead log from a worker thread (wal-checkpointer.ts) instead of in the
   * commits of this connection; what the gateway does. Failures of the worker are told here.
   */
  backgroundCheckpoints?: { onError: (error: Error) => void };
}

/** How often the background worker looks at the log's size. */
const CHECKPOINT_CHECK_MS = 25;
/** The log size (pages) from which the background worker checkpoints it: SQLite's default for commits. */
const CHECKPOINT_PAGES = 1_000;
/**
 * The log size (pages) at which a commit of this connection checkpoints by itself even so: a
 * backstop for a worker that fell behind or stopped.
 */
const BACKSTOP_CHECKPOINT_PAGES = 8_000;

/**
 * Free space below which the write probe fails. After a write failed for want of space, a
 * smaller one can still fit where the failed one had begun to write, so the probe asks for room.
 */
const PROBE_MIN_FREE_BYTES = 1024 * 1024;

function toSql(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

function fromJson(value: SQLInputValue): unknown {
  return typeof value === 'string' ? JSON.parse(value) : null;
}

function optionalDate(value: SQLInputValue | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}

function optionalString(value: SQLInputValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function toEndpoint(row: Row): EndpointRecord {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    url: String(row.url),
    name: row.name === null ? null : String(row.name),
    events: JSON.parse(String(row.events)) as string[],
    active: row.active === 1,
    isTest: row.is_test === 1,
    secret: String(row.secret),
    previousSecret: row.previous_secret === null ? null : String(row.previous_secret),
    previousSecretExpiresAt: optionalDate(row.previous_secret_expires_at),
    disabledReason: optionalString(row.disabled_reason),
    failingSince: optionalDate(row.failing_since),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toEvent(row: Row): EventRecord {
  const { payloadJson, ...event } = toSendableEvent(row);
  return { ...event, payload: JSON.parse(payloadJson) };
}

function toSendableEvent(row: Row): SendableEvent {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    eventType: String(row.event_type),
    payloadJson: String(row.payload),
    idempotencyKey: optionalString(row.idempotency_key),
    createdAt: new Date(Number(row.created_at)),
  };
}

function toDelivery(row: Row): DeliveryRecord {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    eventId: String(row.event_id),
    endpointId: String(row.endpoint_id),
    status: String(row.status) as DeliveryStatus,
    attemptCount: Number(row.attempt_count),
    seriesAttempts: Number(row.series_attempts),
    nextAttemptAt: optionalDate(row.next_attempt_at),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: optionalString(row.last_error),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    deliveredAt: optionalDate(row.delivered_at),
  };
}

function toAttempt(row: Row): AttemptRecord {
  return {
    id: String(row.id),
    deliveryId: String(row.delivery_id),
    attemptNumber: Number(row.attempt_number),
    outcome: String(row.outcome) as AttemptRecord['outcome'],
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: optionalString(row.error),
    responseBody: optionalString(row.response_body),
    startedAt: new Date(Number(row.started_at)),
  };
}

function toApiKey(row: Row): ApiKeyRecord {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    name: optionalString(row.name),
    scopes: JSON.parse(String(row.scopes)) as string[],
    hash: String(row.hash),
    createdAt: new Date(Number(row.created_at)),
    revokedAt: optionalDate(row.revoked_at),
  };
}

function toEventType(row: Row): EventTypeRecord {
  return {
    tenant: String(row.tenant),
    name: String(row.name),
    title: row.title === null ? null : String(row.title),
    description: row.description === null ? null : String(row.description),
    category: row.category === null ? null : String(row.category),
    schema: fromJson(row.schema ?? null),
    example: fromJson(row.example ?? null),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toInboundSource(row: Row): InboundSourceRecord {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    provider: String(row.provider) as InboundProvider,
    name: optionalString(row.name),
    tokenHash: String(row.token_hash),
    sealedToken: String(row.sealed_token),
    sealedSecret: optionalString(row.sealed_secret),
    events: JSON.parse(String(row.events)) as string[],
    scope: fromJson(row.scope ?? null) as InboundSourceRecord['scope'],
    webhook: fromJson(row.webhook ?? null) as InboundSourceRecord['webhook'],
    createdAt: new Date(Number(row.created_at)),
    receivedCount: Number(row.received_count),
    lastReceivedAt: optionalDate(row.last_received_at),
    rejectedCount: Number(row.rejected_count),
  };
}

function toInboundSourceKey(row: Row): InboundSourceKey {
  return Object.freeze({
    id: String(row.id),
    tenant: String(row.tenant),
    provider: String(row.provider) as InboundProvider,
    sealedSecret: optionalString(row.sealed_secret),
    events: Object.freeze(JSON.parse(String(row.events)) as string[]),
  });
}

function toProviderEvent(row: Row): ProviderEventRecord {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    tenant: String(row.tenant),
    sourceId: String(row.source_id),
    provider: String(row.provider) as InboundProvider,
    type: String(row.type),
    occurredAt: optionalDate(row.occurred_at),
    receivedAt: new Date(Number(row.received_at)),
    dedupeKey: String(row.dedupe_key),
    payloadJson: String(row.payload),
  };
}

function providerEventConditions(filter: ProviderEventFilter): { conditions: string[]; values: SQLInputValue[] } {
  const conditions = ['tenant = ?'];
  const values: SQLInputValue[] = [filter.tenant];
  if (filter.provider !== undefined) {
    conditions.push('provider = ?');
    values.push(filter.provider);
  }
  if (filter.sourceId !== undefined) {
    conditions.push('source_id = ?');
    values.push(filter.sourceId);
  }
  return { conditions, values };
}

/** `PRAGMA wal_checkpoint(NOOP)`, which the background checkpointer needs, came with SQLite 3.51. */
function supportsNoopCheckpoints(db: PreparedOnceDatabase): boolean {
  const [major = 0, minor = 0] = String(db.prepare('SELECT sqlite_version() AS v').get()?.v ?? '').split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 51);
}

/** A DatabaseSync that prepares each SQL text once: preparing costs about as much as running a small statement. */
class PreparedOnceDatabase {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  get isTransaction(): boolean {
    return this.#db.isTransaction;
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }
}

/**
 * How a grouped write is kept apart from the others of its transaction.
 * - `savepoint`: under a savepoint of its own; one that throws is undone and rejected alone.
 * - `checks-first`: without one, for a write that finds out whether it can go ahead before it
 *   changes anything, and throws only on errors its transaction would not survive (a full disk,
 *   say). A savepoint costs a copy of every page the write changes that the group had already
 *   changed; should such a write throw anyway, the whole group is undone and rejected.
 */
type WriteIsolation = 'savepoint' | 'checks-first';

/**
 * Under sustained writes, a group commits no sooner than this after the previous one; after a
 * quiet spell it commits on the next turn, as before. A commit costs about 100 µs of the event
 * loop here whatever it holds (its log frames are two system calls each), and at 1,000 published
 * events/s the turns of a busy loop made groups of about 1.5 writes: 1,700–2,900 commits every
 * 2 s, a quarter of the loop. Spaced, they were about 1,000 (bench/delivery, latency phase).
 */
const GROUP_COMMIT_SPACING_MS = 2;
/**
 * A group this large commits on the next turn without waiting out the spacing: its commit is
 * already shared widely enough, and under a flood of concurrent writes (32 inbound clients, say)
 * the wait left the loop idle between groups. bench/inbound: 11.9–12.9k accepted/s against
 * 10.6–10.8k with the spacing alone; 4 and 16 measured the same as 8.
 */
const GROUP_COMMIT_WORTHWHILE = 8;
/** Rows of a multi-row insert per statement: 32 deliveries are 256 parameters. */
const ROWS_PER_INSERT = 32;
const INSERT_EVENTS = 'INSERT INTO events (id, tenant, event_type, payload, idempotency_key, created_at)';
const EVENT_VALUES = '(?, ?, ?, ?, ?, ?)';
const INSERT_DELIVERIES = `INSERT INTO deliveries (id, tenant, event_id, endpoint_id, status, attempt_count, series_attempts,
  next_attempt_at, lease_until, created_at, updated_at)`;
const DELIVERY_VALUES = "(?, ?, ?, ?, 'PENDING', 0, 0, ?, ?, ?, ?)";

/** What writing a new event takes (a publish's request, or a forwarded event's). */
type NewEventRequest = Pick<PublishRequest, 'event' | 'payloadJson' | 'newDeliveryId' | 'leaseNewDeliveries'>;

/** An active endpoint a new event fans out to: its id, and its record made once for the deliveries handed to this process. */
class SubscribedEndpoint {
  readonly id: string;
  readonly #row: Row;
  #record: EndpointRecord | undefined;

  constructor(row: Row) {
    this.#row = row;
    this.id = String(row.id);
  }

  get record(): EndpointRecord {
    return (this.#record ??= toEndpoint(this.#row));
  }
}

/** A write waiting for the next group commit. */
interface GroupedWrite {
  work: () => unknown;
  isolation: WriteIsolation;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteStore implements Store {
  readonly #db: PreparedOnceDatabase;
  readonly #dataDir: string;
  #grouped: GroupedWrite[] = [];
  #groupScheduled = false;
  /** When the last scheduled group commit began (performance.now()). */
  #lastCommitAt = Number.NEGATIVE_INFINITY;
  /** The timer of a group waiting out GROUP_COMMIT_SPACING_MS, while one does. */
  #spacedCommit: NodeJS.Timeout | null = null;
  /** Event types by tenant and name (null: none), cleared by every write to them and every rollback. */
  readonly #eventTypes = new ReadThroughCache<EventTypeRecord | null>(10_000);
  /** Active endpoints subscribed, by tenant and event types, cleared by every write to endpoints and every rollback. */
  readonly #subscribed = new ReadThroughCache<SubscribedEndpoint[]>(10_000);
  /**
   * Every inbound source by token hash. Each inbound request looks its source up, and this
   * process is the only one that creates or deletes sources in this file: from memory the lookup
   * costs a Map's, not a read transaction's (its file locks are system calls), and a known and an
   * unknown token cost the same. A few hundred bytes per source.
   */
  #sourcesByToken = new Map<string, InboundSourceKey>();
  /**
   * Events stored per source by the grouped writes so far, counted on their sources once at the
   * end of the group, in its transaction: one UPDATE per source rather than per event.
   */
  readonly #received = new Map<string, { count: number; lastAt: number }>();
  /**
   * Whether each endpoint is failing (`failing_since` set) as the group's recorded attempts have
   * left it: an attempt with the same outcome as the last one recorded for its endpoint in the
   * group would not change it, and skips its UPDATE. Only grouped writes run within a group.
   */
  readonly #failingInGroup = new Map<string, boolean>();
  #checkpointer: WalCheckpointer | null = null;
  /** Set at open, after the migrations. */
  #eventKeys!: ProviderEventKeys;

  private constructor(db: PreparedOnceDatabase, dataDir: string) {
    this.#db = db;
    this.#dataDir = dataDir;
  }

  /** Opens (creating if needed) `<dataDir>/hookgate.sqlite` and applies pending migrations. */
  static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    ownerOnlyFolder(dataDir);
    const file = path.join(dataDir, 'hookgate.sqlite');
    ownerOnlyFile(file, [`${file}-wal`, `${file}-shm`, `${file}-journal`]);
    const connection = new DatabaseSync(file);
    defineEventKeyDigest(connection);
    const db = new PreparedOnceDatabase(connection);
    // temp_store: each grouped write's savepoint copies the pages it changes that the group had
    // already changed; on disk (the default), that copy went to a temporary file, a pwrite per page.
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;',
    );
    const store = new SqliteStore(db, dataDir);
    store.#migrate();
    // The embedded store has one process by design, so any lease in the file belongs to a
    // process that is gone: its work is due again at once, not when the lease would run out.
    db.exec('UPDATE deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL');
    store.#eventKeys = ProviderEventKeys.load(db);
    for (const row of db.prepare('SELECT token_hash, id, tenant, provider, sealed_secret, events FROM inbound_sources').all()) {
      store.#sourcesByToken.set(String(row.token_hash), toInboundSourceKey(row));
    }
    if (options.backgroundCheckpoints && supportsNoopCheckpoints(db)) {
      db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      store.#checkpointer = startWalCheckpointer({
        file,
        intervalMs: CHECKPOINT_CHECK_MS,
        thresholdFrames: CHECKPOINT_PAGES,
        onError: options.backgroundCheckpoints.onError,
      });
    }
    return store;
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    this.#transaction(() => {
      const applied = new Set(
        this.#db.prepare('SELECT version FROM schema_migrations').all().map((row) => Number(row.version)),
      );
      for (const migration of SQLITE_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        this.#db.exec(migration.sql);
        this.#db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, Date.now());
      }
    });
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      // SQLite rolls back by itself on some errors (SQLITE_FULL among them): a ROLLBACK then
      // would fail and hide the error that matters.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      this.#undone();
      throw error;
    }
  }

  /** After a rollback: what was read inside the transaction may never have been committed. */
  #undone(): void {
    this.#eventTypes.clear();
    this.#subscribed.clear();
  }

  /**
   * Runs `work` in a transaction shared with the other grouped writes of this turn of the event
   * loop (under sustained writes, of the next few milliseconds: GROUP_COMMIT_SPACING_MS) and
   * resolves once it has committed. A commit costs far more than the few rows each of
   * these writes changes, so under load this is what keeps publishing, claiming and recording
   * attempts fast. Each write is isolated as `isolation` says: as if it had had its own
   * transaction. Grouped writes take effect at the commit, between the call and the promise
   * settling, as with a transaction per call.
   */
  #groupCommit<T>(work: () => T, isolation: WriteIsolation = 'savepoint'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#grouped.push({ work, isolation, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#groupScheduled) {
        this.#groupScheduled = true;
        const sinceLastCommit = performance.now() - this.#lastCommitAt;
        if (sinceLastCommit >= GROUP_COMMIT_SPACING_MS) setImmediate(this.#commitScheduledGroup);
        else this.#spacedCommit = setTimeout(this.#commitScheduledGroup, GROUP_COMMIT_SPACING_MS - sinceLastCommit);
      } else if (this.#spacedCommit !== null && this.#grouped.length >= GROUP_COMMIT_WORTHWHILE) {
        clearTimeout(this.#spacedCommit);
        this.#spacedCommit = null;
        setImmediate(this.#commitScheduledGroup);
      }
    });
  }

  readonly #commitScheduledGroup = (): void => {
    this.#spacedCommit = null;
    this.#lastCommitAt = performance.now();
    this.#commitGroup();
  };

  #commitGroup(): void {
    this.#groupScheduled = false;
    const group = this.#grouped;
    this.#grouped = [];
    if (group.length === 0) return;
    const settle: (() => void)[] = [];
    this.#failingInGroup.clear();
    try {
      this.#db.prepare('BEGIN IMMEDIATE').run();
      try {
        for (const { work, isolation, resolve, reject } of group) {
          if (isolation === 'checks-first') {
            const value = work(); // a throw undoes and rejects the whole group, below
            settle.push(() => resolve(value));
            continue;
          }
          this.#db.prepare('SAVEPOINT grouped_write').run();
          try {
            const value = work();
            this.#db.prepare('RELEASE grouped_write').run();
            settle.push(() => resolve(value));
          } catch (error) {
            if (!this.#db.isTransaction) throw error; // rolled back by SQLite itself (a full disk): the group fails
            this.#db.prepare('ROLLBACK TO grouped_write').run();
            this.#db.prepare('RELEASE grouped_write').run();
            this.#undone();
            settle.push(() => reject(error));
          }
        }
        this.#countReceived();
        this.#eventKeys.writeIfDue();
        this.#db.prepare('COMMIT').run();
        this.#eventKeys.committed();
      } catch (error) {
        this.#received.clear();
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        this.#eventKeys.rolledBack();
        throw error;
      }
    } catch (error) {
      this.#undone();
      for (const { reject } of group) reject(error);
      return;
    }
    for (const done of settle) done();
  }

  /** Applies the group's counts of stored events to their sources (see #received). */
  #countReceived(): void {
    if (this.#received.size === 0) return;
    const update = this.#db.prepare(
      'UPDATE inbound_sources SET received_count = received_count + ?, last_received_at = max(coalesce(last_received_at, 0), ?) WHERE id = ?',
    );
    for (const [sourceId, { count, lastAt }] of this.#received) update.run(count, lastAt, sourceId);
    this.#received.clear();
  }

  #replaceSubscriptions(endpointId: string, events: readonly string[]): void {
    this.#subscribed.clear();
    this.#db.prepare('DELETE FROM endpoint_events WHERE endpoint_id = ?').run(endpointId);
    const insert = this.#db.prepare('INSERT OR IGNORE INTO endpoint_events (endpoint_id, event_type) VALUES (?, ?)');
    for (const event of events) insert.run(endpointId, event);
  }

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    this.#subscribed.clear();
    this.#transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO endpoints (id, tenant, url, name, events, active, is_test, secret, previous_secret,
             previous_secret_expires_at, disabled_reason, failing_since, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          endpoint.id,
          endpoint.tenant,
          endpoint.url,
          toSql(endpoint.name),
          JSON.stringify(endpoint.events),
          toSql(endpoint.active),
          toSql(endpoint.isTest),
          endpoint.secret,
          toSql(endpoint.previousSecret),
          toSql(endpoint.previousSecretExpiresAt),
          toSql(endpoint.disabledReason),
          toSql(endpoint.failingSince),
          toSql(endpoint.createdAt),
          toSql(endpoint.updatedAt),
        );
      this.#replaceSubscriptions(endpoint.id, endpoint.events);
    });
  }

  async updateEndpoint(tenant: string, id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null> {
    this.#subscribed.clear();
    return this.#transaction(() => {
      const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof EndpointPatch, unknown][];
      const assignments = [...entries.map(([key]) => `${ENDPOINT_COLUMNS[key]} = ?`), 'updated_at = ?'];
      const values = [...entries.map(([key, value]) => (key === 'events' ? JSON.stringify(value) : toSql(value))), now.getTime()];
      const row = this.#db
        .prepare(`UPDATE endpoints SET ${assignments.join(', ')} WHERE id = ? AND tenant = ? RETURNING *`)
        .get(...values, id, tenant);
      if (!row) return null;
      if (patch.events) this.#replaceSubscriptions(id, patch.events);
      return toEndpoint(row);
    });
  }

  async deleteEndpoint(tenant: string, id: string): Promise<boolean> {
    this.#subscribed.clear();
    return this.#db.prepare('DELETE FROM endpoints WHERE id = ? AND tenant = ?').run(id, tenant).changes > 0;
  }

  async getEndpoints(tenant: string, ids: readonly string[]): Promise<EndpointRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare(`SELECT * FROM endpoints WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))`)
      .all(tenant, JSON.stringify(ids));
    return rows.map(toEndpoint);
  }

  async listEndpoints(request: { tenant: string; first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]> {
    const rows = request.after
      ? this.#db
          .prepare(
            `SELECT * FROM endpoints WHERE tenant = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          )
          .all(request.tenant, request.after.createdAt.getTime(), request.after.id, request.first)
      : this.#db
          .prepare('SELECT * FROM endpoints WHERE tenant = ? ORDER BY created_at DESC, id DESC LIMIT ?')
          .all(request.tenant, request.first);
    return rows.map(toEndpoint);
  }

  async countEndpoints(tenant: string): Promise<number> {
    const row = this.#db.prepare('SELECT count(*) AS n FROM endpoints WHERE tenant = ?').get(tenant);
    return Number(row?.n ?? 0);
  }

  async countEndpointsSubscribedTo(tenant: string, eventType: string): Promise<number> {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS n FROM endpoint_events s JOIN endpoints e ON e.id = s.endpoint_id
         WHERE s.event_type = ? AND e.tenant = ?`,
      )
      .get(eventType, tenant);
    return Number(row?.n ?? 0);
  }

  async insertEventType(eventType: EventTypeRecord): Promise<boolean> {
    this.#eventTypes.clear();
    const result = this.#db
      .prepare(
        `INSERT INTO event_types (tenant, name, title, description, category, schema, example, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, name) DO NOTHING`,
      )
      .run(
        eventType.tenant,
        eventType.name,
        toSql(eventType.title),
        toSql(eventType.description),
        toSql(eventType.category),
        eventType.schema === null ? null : JSON.stringify(eventType.schema),
        eventType.example === null ? null : JSON.stringify(eventType.example),
        toSql(eventType.createdAt),
        toSql(eventType.updatedAt),
      );
    return result.changes > 0;
  }

  async updateEventType(tenant: string, name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null> {
    this.#eventTypes.clear();
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof EventTypePatch, unknown][];
    const assignments = [...entries.map(([key]) => `${EVENT_TYPE_COLUMNS[key]} = ?`), 'updated_at = ?'];
    const values = entries.map(([key, value]) =>
      key === 'schema' || key === 'example' ? (value === null ? null : JSON.stringify(value)) : toSql(value),
    );
    const row = this.#db
      .prepare(`UPDATE event_types SET ${assignments.join(', ')} WHERE tenant = ? AND name = ? RETURNING *`)
      .get(...values, now.getTime(), tenant, name);
    return row ? toEventType(row) : null;
  }

  async deleteEventType(tenant: string, name: string): Promise<boolean> {
    this.#eventTypes.clear();
    return this.#db.prepare('DELETE FROM event_types WHERE tenant = ? AND name = ?').run(tenant, name).changes > 0;
  }

  /** The record is shared with later calls: read-only. */
  async getEventType(tenant: string, name: string): Promise<EventTypeRecord | null> {
    return this.#eventTypes.get(`${tenant}\u0000${name}`, () => {
      const row = this.#db.prepare('SELECT * FROM event_types WHERE tenant = ? AND name = ?').get(tenant, name);
      return row ? toEventType(row) : null;
    });
  }

  async listEventTypes(tenant: string): Promise<EventTypeRecord[]> {
    return this.#db.prepare('SELECT * FROM event_types WHERE tenant = ? ORDER BY name').all(tenant).map(toEventType);
  }

  async publishEvent(request: PublishRequest): Promise<PublishOutcome> {
    return this.#groupCommit(() => this.#publish(request));
  }

  async publishEvents(requests: readonly PublishRequest[]): Promise<PublishOutcome[]> {
    return this.#groupCommit(() => this.#publishInOrder(requests));
  }

  /**
   * Publishes in input order. A run of events without an idempotency key is written with
   * multi-row inserts, a statement per ROWS_PER_INSERT events or deliveries rather than one per
   * row; an event with a key is published by itself after what came before it, as it may repeat
   * a key of the store or of the batch.
   */
  #publishInOrder(requests: readonly PublishRequest[]): PublishOutcome[] {
    const outcomes: PublishOutcome[] = [];
    let run: PublishRequest[] = [];
    const flush = () => {
      if (run.length > 0) outcomes.push(...this.#insertNew(run));
      run = [];
    };
    for (const request of requests) {
      if (request.event.idempotencyKey === null) {
        run.push(request);
        continue;
      }
      flush();
      outcomes.push(this.#publish(request));
    }
    flush();
    return outcomes;
  }

  /**
   * Writes new events (the outbox of publishing and of forwarding), each with one PENDING
   * delivery per endpoint `endpointsOf` it (by default, those subscribed to its type).
   */
  #insertNew(
    requests: readonly NewEventRequest[],
    endpointsOf = (event: EventRecord) => this.#subscribedEndpoints(event.tenant, [event.eventType]),
  ): PublishOutcome[] {
    const events: SQLInputValue[][] = [];
    const deliveries: SQLInputValue[][] = [];
    const outcomes = requests.map((request): PublishOutcome => {
      const { event } = request;
      const payloadJson = request.payloadJson ?? JSON.stringify(event.payload);
      events.push([event.id, event.tenant, event.eventType, payloadJson, event.idempotencyKey, event.createdAt.getTime()]);
      return { event, duplicate: false, ...this.#newDeliveries(event, payloadJson, endpointsOf(event), request, deliveries) };
    });
    this.#insertRows(INSERT_EVENTS, EVENT_VALUES, events);
    this.#insertRows(INSERT_DELIVERIES, DELIVERY_VALUES, deliveries);
    return outcomes;
  }

  /** Inserts `rows`, ROWS_PER_INSERT to a statement (one prepared statement per row count). */
  #insertRows(insert: string, values: string, rows: readonly SQLInputValue[][]): void {
    for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
      const chunk = rows.slice(from, from + ROWS_PER_INSERT);
      this.#db.prepare(`${insert} VALUES ${Array(chunk.length).fill(values).join(', ')}`).run(...chunk.flat());
    }
  }

  /** One event's publish, inside the caller's transaction. */
  #publish(request: PublishRequest): PublishOutcome {
    const { event } = request;
    if (event.idempotencyKey !== null) {
      const existing = this.#db
        .prepare('SELECT * FROM events WHERE tenant = ? AND idempotency_key = ?')
        .get(event.tenant, event.idempotencyKey);
      if (existing && Number(existing.created_at) >= request.idempotentSince.getTime()) {
        const deliveries = this.#db
          .prepare('SELECT * FROM deliveries WHERE event_id = ? ORDER BY id')
          .all(String(existing.id))
          .map(toDelivery);
        return { event: toEvent(existing), deliveries, duplicate: true, claimed: [] };
      }
      // The key is older than the window: it may be used again, by this event.
      if (existing) this.#db.prepare('UPDATE events SET idempotency_key = NULL WHERE id = ?').run(String(existing.id));
    }
    return this.#insertNew([request])[0]!;
  }

  /** Active endpoints of the tenant subscribed to one of `names` or to `*`. */
  #subscribedEndpoints(tenant: string, names: readonly string[]): SubscribedEndpoint[] {
    return this.#subscribed.get(`${tenant}\u0000${names.join('\u0000')}`, () =>
      this.#readSubscribedEndpoints(tenant, names).map((row) => new SubscribedEndpoint(row)),
    );
  }

  #readSubscribedEndpoints(tenant: string, names: readonly string[]): Row[] {
    // A parameter per name (a statement per count, prepared once): where json_each cost more than the lookup itself.
    return this.#db
      .prepare(
        `SELECT e.* FROM endpoints e WHERE e.tenant = ? AND e.active = 1 AND EXISTS (
           SELECT 1 FROM endpoint_events s WHERE s.endpoint_id = e.id AND s.event_type IN ('*'${', ?'.repeat(names.length)}))
         ORDER BY e.id`,
      )
      .all(tenant, ...names);
  }

  /**
   * The PENDING deliveries of a new event, one per endpoint, as rows to insert (added to `rows`),
   * leased to this process where `request` asks (the outbox of publishing and of forwarding).
   */
  #newDeliveries(
    event: EventRecord,
    payloadJson: string,
    endpoints: readonly SubscribedEndpoint[],
    request: Pick<PublishRequest, 'newDeliveryId' | 'leaseNewDeliveries'>,
    rows: SQLInputValue[][],
  ): { deliveries: DeliveryRecord[]; claimed: ClaimedDelivery[] } {
    if (endpoints.length === 0) return { deliveries: [], claimed: [] };
    const now = event.createdAt.getTime();
    const leases = request.leaseNewDeliveries?.(endpoints.map((endpoint) => endpoint.id));
    const deliveries = endpoints.map((endpoint, i) => {
      const id = request.newDeliveryId();
      rows.push([id, event.tenant, event.id, endpoint.id, now, toSql(leases?.[i]), now, now]);
      return pendingDelivery(id, event, endpoint.id);
    });
    if (!leases?.some(Boolean)) return { deliveries, claimed: [] };
    const sendable = sendableEvent(event, payloadJson);
    const claimed = deliveries.flatMap((delivery, i) => (leases[i] ? [{ delivery, event: sendable, endpoint: endpoints[i]!.record }] : []));
    return { deliveries, claimed };
  }

  async claimDueDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]> {
    return this.#groupCommit(() => {
      const rows = request.endpointRoom ? this.#leaseWithinRoom(request, request.endpointRoom) : this.#leaseInDueOrder(request);
      if (rows.length === 0) return [];
      const deliveries = rows.map(toDelivery).sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0));
      const endpoints = new Map(
        this.#selectByIds('endpoints', [...new Set(deliveries.map((d) => d.endpointId))]).map((r) => [String(r.id), toEndpoint(r)]),
      );
      const events = new Map(
        this.#selectByIds('events', [...new Set(deliveries.map((d) => d.eventId))]).map((r) => [String(r.id), toSendableEvent(r)]),
      );
      return deliveries.flatMap((delivery) => {
        const endpoint = endpoints.get(delivery.endpointId);
        const event = events.get(delivery.eventId);
        return endpoint && event ? [{ delivery, endpoint, event }] : [];
      });
    });
  }

  #leaseInDueOrder(request: ClaimRequest): Row[] {
    const now = request.now.getTime();
    return this.#db
      .prepare(
        `UPDATE deliveries SET lease_until = ? WHERE id IN (
           SELECT id FROM deliveries
           WHERE status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
           ORDER BY next_attempt_at LIMIT ?)
         RETURNING *`,
      )
      .all(request.leaseUntil.getTime(), now, now, request.limit);
  }

  /**
   * As #leaseInDueOrder, taking at most each endpoint's room from a bounded window of due
   * deliveries. The window is read first and shared out here, then leased in one statement:
   * SQLite runs in this process, so two statements cost no round trip, and sharing out a few
   * hundred rows in JS is cheaper than ranking them with a window function and two sorts.
   */
  #leaseWithinRoom(request: ClaimRequest, room: EndpointRoom): Row[] {
    const now = request.now.getTime();
    const candidates = this.#db
      .prepare(
        `SELECT rowid, endpoint_id FROM deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
           AND endpoint_id NOT IN (SELECT value FROM json_each(?))
         ORDER BY next_attempt_at LIMIT ?`,
      )
      .all(now, now, JSON.stringify(endpointsWithoutRoom(room)), request.limit * CLAIM_WINDOW_FACTOR);
    const taken = new Map<string, number>();
    // By rowid (in this transaction, as read): leasing them then skips the lookup of each id in the primary key's index.
    const rowids: number[] = [];
    for (const candidate of candidates) {
      const endpointId = String(candidate.endpoint_id);
      const count = taken.get(endpointId) ?? 0;
      if (count >= (room.of.get(endpointId) ?? room.others)) continue;
      taken.set(endpointId, count + 1);
      rowids.push(Number(candidate.rowid));
      if (rowids.length >= request.limit) break;
    }
    if (rowids.length === 0) return [];
    return this.#db
      .prepare('UPDATE deliveries SET lease_until = ? WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING *')
      .all(request.leaseUntil.getTime(), JSON.stringify(rowids));
  }

  #selectByIds(table: 'endpoints' | 'events' | 'deliveries', ids: readonly string[]): Row[] {
    if (ids.length === 0) return [];
    return this.#db.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids));
  }

  async recordAttempt(result: AttemptResult, now: Date): Promise<{ seq: number } | null> {
    return this.#groupCommit(() => {
      const { attempt } = result;
      // The delivery first: when it is gone, this returns before anything is written.
      const row = this.#db
        .prepare(
          `UPDATE deliveries SET status = ?, attempt_count = attempt_count + 1, series_attempts = series_attempts + 1,
             next_attempt_at = ?, lease_until = NULL, last_status_code = ?, last_error = ?, updated_at = ?,
             delivered_at = CASE WHEN ? = 'SUCCEEDED' THEN ? ELSE delivered_at END
           WHERE id = ? RETURNING endpoint_id`,
        )
        .get(
          result.status,
          toSql(result.nextAttemptAt),
          attempt.statusCode,
          attempt.error,
          now.getTime(),
          result.status,
          now.getTime(),
          attempt.deliveryId,
        );
      if (!row) return null;
      const inserted = this.#db
        .prepare(
          `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, outcome, status_code, duration_ms, error,
             response_body, started_at, delivery_status, next_attempt_at, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          attempt.id,
          attempt.deliveryId,
          attempt.attemptNumber,
          attempt.outcome,
          attempt.statusCode,
          attempt.durationMs,
          attempt.error,
          attempt.responseBody,
          attempt.startedAt.getTime(),
          result.status,
          toSql(result.nextAttemptAt),
          now.getTime(),
        );
      const endpointId = String(row.endpoint_id);
      const failingNow = attempt.outcome !== 'SUCCEEDED';
      if (this.#failingInGroup.get(endpointId) !== failingNow) {
        const failing = failingNow
          ? this.#db
              .prepare('UPDATE endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL')
              .run(attempt.startedAt.getTime(), endpointId)
          : this.#db.prepare('UPDATE endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL').run(endpointId);
        if (failing.changes > 0) this.#subscribed.clear();
        this.#failingInGroup.set(endpointId, failingNow);
      }
      if (result.disableEndpoint !== null) {
        this.#subscribed.clear();
        this.#db
          .prepare('UPDATE endpoints SET active = 0, disabled_reason = ?, updated_at = ? WHERE id = ?')
          .run(result.disableEndpoint, now.getTime(), endpointId);
      }
      return { seq: Number(inserted.lastInsertRowid) };
    }, 'checks-first');
  }

  async renewLeases(ids: readonly string[], leaseUntil: Date): Promise<void> {
    if (ids.length === 0) return;
    this.#db
      .prepare(
        `UPDATE deliveries SET lease_until = ? WHERE status = 'PENDING' AND lease_until IS NOT NULL AND lease_until < ?
           AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(leaseUntil.getTime(), leaseUntil.getTime(), JSON.stringify(ids));
  }

  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.#db
      .prepare(`UPDATE deliveries SET lease_until = NULL WHERE status = 'PENDING' AND id IN (SELECT value FROM json_each(?))`)
      .run(JSON.stringify(ids));
  }

  async listAttemptEvents(request: AttemptEventsRequest): Promise<AttemptEventRecord[]> {
    const conditions = ['a.seq > ?', 'd.tenant = ?'];
    const values: SQLInputValue[] = [request.afterSeq, request.tenant];
    if (request.endpointId !== undefined) {
      conditions.push('d.endpoint_id = ?');
      values.push(request.endpointId);
    }
    if (request.eventTypes !== undefined) {
      conditions.push('e.event_type IN (SELECT value FROM json_each(?))');
      values.push(JSON.stringify(request.eventTypes));
    }
    return this.#attemptEvents(conditions, [...values, request.limit]);
  }

  async listAttemptEventsOfAllTenants(afterSeq: number, limit: number): Promise<AttemptEventRecord[]> {
    return this.#attemptEvents(['a.seq > ?'], [afterSeq, limit]);
  }

  #attemptEvents(conditions: string[], values: SQLInputValue[]): AttemptEventRecord[] {
    return this.#db
      .prepare(
        `SELECT a.*, d.tenant AS tenant, d.endpoint_id AS endpoint_id, d.event_id AS event_id, e.event_type AS event_type
         FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN events e ON e.id = d.event_id
         WHERE ${conditions.join(' AND ')} ORDER BY a.seq LIMIT ?`,
      )
      .all(...values)
      .map((row) => ({
        seq: Number(row.seq),
        attempt: toAttempt(row),
        tenant: String(row.tenant),
        endpointId: String(row.endpoint_id),
        eventId: String(row.event_id),
        eventType: String(row.event_type),
        deliveryStatus: String(row.delivery_status) as DeliveryStatus,
        nextAttemptAt: optionalDate(row.next_attempt_at),
        recordedAt: new Date(Number(row.recorded_at)),
      }));
  }

  async lastAttemptSeq(): Promise<number> {
    return Number(this.#db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM delivery_attempts').get()?.seq ?? 0);
  }

  async storeId(): Promise<string> {
    return String(this.#db.prepare('SELECT id FROM store_identity').get()?.id);
  }

  async nextDueAt(excluded: readonly string[] = []): Promise<Date | null> {
    // A delivery is due at max(next_attempt_at, lease_until). Walking the due index in
    // next_attempt_at order, nothing after a row whose next_attempt_at is past the best so far
    // can be earlier; so this reads the leased rows at the head of the queue, not all of it.
    let due: number | null = null;
    const skip = new Set(excluded);
    const rows = this.#db
      .prepare(`SELECT next_attempt_at, lease_until, endpoint_id FROM deliveries WHERE status = 'PENDING' ORDER BY next_attempt_at`)
      .iterate();
    for (const row of rows) {
      if (row.next_attempt_at === null || skip.has(String(row.endpoint_id))) continue;
      const next = Number(row.next_attempt_at);
      if (due !== null && next >= due) break;
      const dueAt = row.lease_until === null ? next : Math.max(next, Number(row.lease_until));
      due = due === null ? dueAt : Math.min(due, dueAt);
    }
    return due === null ? null : new Date(due);
  }

  async getDeliveries(tenant: string, ids: readonly string[]): Promise<DeliveryRecord[]> {
    return this.#selectByIds('deliveries', ids)
      .map(toDelivery)
      .filter((delivery) => delivery.tenant === tenant);
  }

  async listDeliveries(
    request: DeliveryFilter & { first: number; after: { createdAt: Date; id: string } | null },
  ): Promise<DeliveryRecord[]> {
    const conditions: string[] = ['tenant = ?'];
    const values: SQLInputValue[] = [request.tenant];
    if (request.endpointId !== undefined) {
      conditions.push('endpoint_id = ?');
      values.push(request.endpointId);
    }
    if (request.status !== undefined) {
      conditions.push('status = ?');
      values.push(request.status);
    }
    if (request.after) {
      conditions.push('(created_at, id) < (?, ?)');
      values.push(request.after.createdAt.getTime(), request.after.id);
    }
    return this.#db
      .prepare(`SELECT * FROM deliveries WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...values, request.first)
      .map(toDelivery);
  }

  async getEvents(tenant: string, ids: readonly string[]): Promise<EventRecord[]> {
    return this.#selectByIds('events', ids)
      .map(toEvent)
      .filter((event) => event.tenant === tenant);
  }

  async getAttempts(deliveryIds: readonly string[]): Promise<AttemptRecord[]> {
    if (deliveryIds.length === 0) return [];
    return this.#db
      .prepare(
        `SELECT * FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?))
         ORDER BY delivery_id, attempt_number`,
      )
      .all(JSON.stringify(deliveryIds))
      .map(toAttempt);
  }

  async redeliver(tenant: string, deliveryId: string, now: Date): Promise<RedeliverOutcome> {
    const started = this.#db
      .prepare(
        `UPDATE deliveries SET status = 'PENDING', series_attempts = 0, next_attempt_at = ?, lease_until = NULL,
           updated_at = ? WHERE id = ? AND tenant = ? AND status IN ('SUCCEEDED', 'FAILED') RETURNING *`,
      )
      .get(now.getTime(), now.getTime(), deliveryId, tenant);
    if (started) return { outcome: 'STARTED', delivery: toDelivery(started) };
    const pending = this.#db.prepare('SELECT * FROM deliveries WHERE id = ? AND tenant = ?').get(deliveryId, tenant);
    return pending ? { outcome: 'STILL_PENDING', delivery: toDelivery(pending) } : { outcome: 'NOT_FOUND' };
  }

  async recoverFailed(tenant: string, endpointId: string, since: Date, now: Date): Promise<number> {
    return Number(
      this.#db
        .prepare(
          `UPDATE deliveries SET status = 'PENDING', series_attempts = 0, next_attempt_at = ?, lease_until = NULL,
             updated_at = ? WHERE tenant = ? AND endpoint_id = ? AND status = 'FAILED' AND created_at >= ?`,
        )
        .run(now.getTime(), now.getTime(), tenant, endpointId, since.getTime()).changes,
    );
  }

  async queueStats(): Promise<QueueStats> {
    const row = this.#db
      .prepare(`SELECT count(*) AS pending, min(created_at) AS oldest FROM deliveries WHERE status = 'PENDING'`)
      .get();
    return { pending: Number(row?.pending ?? 0), oldestPendingAt: optionalDate(row?.oldest) };
  }

  async insertInboundSource(source: InboundSourceRecord): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO inbound_sources (id, tenant, provider, name, token_hash, sealed_token, sealed_secret, events, scope,
           webhook, created_at, received_count, last_received_at, rejected_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        source.id,
        source.tenant,
        source.provider,
        toSql(source.name),
        source.tokenHash,
        source.sealedToken,
        toSql(source.sealedSecret),
        JSON.stringify(source.events),
        toSql(source.scope),
        toSql(source.webhook),
        source.createdAt.getTime(),
        source.receivedCount,
        toSql(source.lastReceivedAt),
        source.rejectedCount,
      );
    this.#sourcesByToken.set(
      source.tokenHash,
      toInboundSourceKey({ id: source.id, tenant: source.tenant, provider: source.provider, sealed_secret: source.sealedSecret, events: JSON.stringify(source.events) }),
    );
  }

  async getInboundSources(tenant: string, ids: readonly string[]): Promise<InboundSourceRecord[]> {
    if (ids.length === 0) return [];
    return this.#db
      .prepare('SELECT * FROM inbound_sources WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids))
      .map(toInboundSource)
      .filter((source) => source.tenant === tenant);
  }

  async findInboundSource(tokenHash: string): Promise<InboundSourceKey | null> {
    return this.#sourcesByToken.get(tokenHash) ?? null;
  }

  async listInboundSources(request: InboundSourcesRequest): Promise<InboundSourceRecord[]> {
    const conditions = ['tenant = ?'];
    const values: SQLInputValue[] = [request.tenant];
    if (request.provider !== undefined) {
      conditions.push('provider = ?');
      values.push(request.provider);
    }
    if (request.after) {
      conditions.push('(created_at, id) < (?, ?)');
      values.push(request.after.createdAt.getTime(), request.after.id);
    }
    return this.#db
      .prepare(`SELECT * FROM inbound_sources WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...values, request.first)
      .map(toInboundSource);
  }

  async deleteInboundSource(tenant: string, id: string): Promise<boolean> {
    const deleted = this.#db.prepare('DELETE FROM inbound_sources WHERE id = ? AND tenant = ? RETURNING token_hash').get(id, tenant);
    if (deleted) this.#sourcesByToken.delete(String(deleted.token_hash));
    return deleted !== undefined;
  }

  async countRejectedInbound(sourceId: string): Promise<void> {
    // Grouped: the refusal is answered before the write is made (the receiver does not wait for
    // it, so that a known source's 401 costs what an unknown one's 404 does), and a flood of
    // forgeries costs a commit per turn, not one each.
    await this.#groupCommit(() => {
      this.#db.prepare('UPDATE inbound_sources SET rejected_count = rejected_count + 1 WHERE id = ?').run(sourceId);
    }, 'checks-first');
  }

  async recordProviderEvent(request: RecordProviderEventRequest): Promise<RecordProviderEventOutcome> {
    return this.#groupCommit(() => {
      const { event, forward } = request;
      const key = this.#eventKeys.lookUp(event.sourceId, event.dedupeKey);
      if (key.seq !== null) {
        const existing = this.#db.prepare('SELECT * FROM provider_events WHERE seq = ?').get(key.seq);
        if (existing === undefined) throw new Error(`provider event ${event.dedupeKey} is known but cannot be read`);
        return { event: toProviderEvent(existing), duplicate: true, deliveries: [], claimed: [] };
      }
      const inserted = this.#db
        .prepare(
          `INSERT INTO provider_events (id, tenant, source_id, provider, type, occurred_at, received_at, dedupe_key, payload)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          event.id,
          event.tenant,
          event.sourceId,
          event.provider,
          event.type,
          toSql(event.occurredAt),
          event.receivedAt.getTime(),
          event.dedupeKey,
          event.payloadJson,
        );
      const seq = Number(inserted.lastInsertRowid);
      this.#eventKeys.add(key, seq);
      const received = this.#received.get(event.sourceId);
      if (received === undefined) this.#received.set(event.sourceId, { count: 1, lastAt: event.receivedAt.getTime() });
      else {
        received.count += 1;
        received.lastAt = Math.max(received.lastAt, event.receivedAt.getTime());
      }
      const endpoints = this.#subscribedEndpoints(event.tenant, forward.subscribedAs);
      const forwarded = endpoints.length > 0 ? this.#insertNew([{ ...forward, event: forward.event() }], () => endpoints)[0]! : null;
      return {
        event: { ...event, seq },
        duplicate: false,
        deliveries: forwarded?.deliveries ?? [],
        claimed: forwarded?.claimed ?? [],
      };
    }, 'checks-first');
  }

  async getProviderEvents(tenant: string, ids: readonly string[]): Promise<ProviderEventRecord[]> {
    if (ids.length === 0) return [];
    // By id alone, then the tenant: with `tenant = ?` in the query SQLite walks the tenant's whole index.
    return this.#db
      .prepare('SELECT * FROM provider_events WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids))
      .map(toProviderEvent)
      .filter((event) => event.tenant === tenant);
  }

  async listProviderEvents(request: ProviderEventsRequest): Promise<ProviderEventRecord[]> {
    const { conditions, values } = providerEventConditions(request);
    if (request.type !== undefined) {
      conditions.push('type = ?');
      values.push(request.type);
    }
    if (request.beforeSeq !== null) {
      conditions.push('seq < ?');
      values.push(request.beforeSeq);
    }
    return this.#db
      .prepare(`SELECT * FROM provider_events WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT ?`)
      .all(...values, request.first)
      .map(toProviderEvent);
  }

  async listProviderEventsSince(request: ProviderEventsSinceRequest): Promise<ProviderEventRecord[]> {
    const { conditions, values } = providerEventConditions(request);
    if (request.types !== undefined) {
      conditions.push('type IN (SELECT value FROM json_each(?))');
      values.push(JSON.stringify(request.types));
    }
    conditions.push('seq > ?');
    values.push(request.afterSeq);
    return this.#db
      .prepare(`SELECT * FROM provider_events WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT ?`)
      .all(...values, request.limit)
      .map(toProviderEvent);
  }

  async lastProviderEventSeq(): Promise<number> {
    return Number(this.#db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM provider_events').get()?.seq ?? 0);
  }

  async insertApiKey(key: ApiKeyRecord): Promise<void> {
    this.#db
      .prepare('INSERT INTO api_keys (id, tenant, name, scopes, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key.id, key.tenant, key.name, JSON.stringify(key.scopes), key.hash, key.createdAt.getTime(), toSql(key.revokedAt));
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | null> {
    const row = this.#db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id);
    return row ? toApiKey(row) : null;
  }

  async listApiKeys(tenant: string | null): Promise<ApiKeyRecord[]> {
    const rows =
      tenant === null
        ? this.#db.prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id DESC').all()
        : this.#db.prepare('SELECT * FROM api_keys WHERE tenant = ? ORDER BY created_at DESC, id DESC').all(tenant);
    return rows.map(toApiKey);
  }

  async revokeApiKey(id: string, now: Date): Promise<boolean> {
    return this.#db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.getTime(), id).changes > 0;
  }

  async countActiveApiKeys(): Promise<number> {
    return Number(this.#db.prepare('SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL').get()?.n ?? 0);
  }

  async activeApiKeyIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = this.#db
      .prepare('SELECT id FROM api_keys WHERE revoked_at IS NULL AND id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids));
    return new Set(rows.map((row) => String(row.id)));
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async probeWrite(): Promise<void> {
    const { bavail, bsize } = await statfs(this.#dataDir);
    if (bavail * bsize < PROBE_MIN_FREE_BYTES) {
      throw Object.assign(new Error(`${bavail * bsize} bytes free in ${this.#dataDir}, fewer than the ${PROBE_MIN_FREE_BYTES} writes need`), {
        code: 'ENOSPC',
      });
    }
    // The gateway keeps its migrations in schema_migrations, not in user_version: writing it back
    // unchanged is a real one-page write that changes nothing.
    this.#transaction(() => {
      const version = Number(this.#db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
      this.#db.exec(`PRAGMA user_version = ${version}`);
    });
  }

  async close(): Promise<void> {
    if (this.#grouped.length > 0) this.#commitGroup();
    // Stopped first: the last connection to close checkpoints what is left and removes the log.
    await this.#checkpointer?.stop();
    this.#checkpointer = null;
    if (this.#db.isOpen) this.#db.close();
  }
}
