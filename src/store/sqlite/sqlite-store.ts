/**
 * The embedded store: one SQLite file through Node's built-in `node:sqlite` (no native addon).
 * Calls are synchronous underneath; the async interface keeps it interchangeable with PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type {
  EndpointPatch,
  EndpointPosition,
  EndpointRecord,
  EventTypePatch,
  EventTypeRecord,
  Store,
} from '../store.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';

type Row = Record<string, SQLInputValue>;

const ENDPOINT_COLUMNS: Record<keyof EndpointPatch, string> = {
  url: 'url',
  name: 'name',
  events: 'events',
  active: 'active',
  isTest: 'is_test',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretExpiresAt: 'previous_secret_expires_at',
};

const EVENT_TYPE_COLUMNS: Record<keyof EventTypePatch, string> = {
  title: 'title',
  description: 'description',
  category: 'category',
  schema: 'schema',
  example: 'example',
};

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

function toEndpoint(row: Row): EndpointRecord {
  return {
    id: String(row.id),
    url: String(row.url),
    name: row.name === null ? null : String(row.name),
    events: JSON.parse(String(row.events)) as string[],
    active: row.active === 1,
    isTest: row.is_test === 1,
    secret: String(row.secret),
    previousSecret: row.previous_secret === null ? null : String(row.previous_secret),
    previousSecretExpiresAt:
      row.previous_secret_expires_at === null ? null : new Date(Number(row.previous_secret_expires_at)),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toEventType(row: Row): EventTypeRecord {
  return {
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

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens (creating if needed) `<dataDir>/hookgate.sqlite` and applies pending migrations. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new DatabaseSync(path.join(dataDir, 'hookgate.sqlite'));
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    const store = new SqliteStore(db);
    store.#migrate();
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
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #replaceSubscriptions(endpointId: string, events: readonly string[]): void {
    this.#db.prepare('DELETE FROM endpoint_events WHERE endpoint_id = ?').run(endpointId);
    const insert = this.#db.prepare('INSERT OR IGNORE INTO endpoint_events (endpoint_id, event_type) VALUES (?, ?)');
    for (const event of events) insert.run(endpointId, event);
  }

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    this.#transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO endpoints (id, url, name, events, active, is_test, secret, previous_secret,
             previous_secret_expires_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          endpoint.id,
          endpoint.url,
          toSql(endpoint.name),
          JSON.stringify(endpoint.events),
          toSql(endpoint.active),
          toSql(endpoint.isTest),
          endpoint.secret,
          toSql(endpoint.previousSecret),
          toSql(endpoint.previousSecretExpiresAt),
          toSql(endpoint.createdAt),
          toSql(endpoint.updatedAt),
        );
      this.#replaceSubscriptions(endpoint.id, endpoint.events);
    });
  }

  async updateEndpoint(id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null> {
    return this.#transaction(() => {
      const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof EndpointPatch, unknown][];
      const assignments = [...entries.map(([key]) => `${ENDPOINT_COLUMNS[key]} = ?`), 'updated_at = ?'];
      const values = [...entries.map(([key, value]) => (key === 'events' ? JSON.stringify(value) : toSql(value))), now.getTime()];
      const row = this.#db
        .prepare(`UPDATE endpoints SET ${assignments.join(', ')} WHERE id = ? RETURNING *`)
        .get(...values, id);
      if (!row) return null;
      if (patch.events) this.#replaceSubscriptions(id, patch.events);
      return toEndpoint(row);
    });
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    return this.#db.prepare('DELETE FROM endpoints WHERE id = ?').run(id).changes > 0;
  }

  async getEndpoints(ids: readonly string[]): Promise<EndpointRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare(`SELECT * FROM endpoints WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids));
    return rows.map(toEndpoint);
  }

  async listEndpoints(request: { first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]> {
    const rows = request.after
      ? this.#db
          .prepare(
            `SELECT * FROM endpoints WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
          )
          .all(request.after.createdAt.getTime(), request.after.id, request.first)
      : this.#db.prepare('SELECT * FROM endpoints ORDER BY created_at DESC, id DESC LIMIT ?').all(request.first);
    return rows.map(toEndpoint);
  }

  async countEndpointsSubscribedTo(eventType: string): Promise<number> {
    const row = this.#db.prepare('SELECT count(*) AS n FROM endpoint_events WHERE event_type = ?').get(eventType);
    return Number(row?.n ?? 0);
  }

  async insertEventType(eventType: EventTypeRecord): Promise<boolean> {
    const result = this.#db
      .prepare(
        `INSERT INTO event_types (name, title, description, category, schema, example, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(
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

  async updateEventType(name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof EventTypePatch, unknown][];
    const assignments = [...entries.map(([key]) => `${EVENT_TYPE_COLUMNS[key]} = ?`), 'updated_at = ?'];
    const values = entries.map(([key, value]) =>
      key === 'schema' || key === 'example' ? (value === null ? null : JSON.stringify(value)) : toSql(value),
    );
    const row = this.#db
      .prepare(`UPDATE event_types SET ${assignments.join(', ')} WHERE name = ? RETURNING *`)
      .get(...values, now.getTime(), name);
    return row ? toEventType(row) : null;
  }

  async deleteEventType(name: string): Promise<boolean> {
    return this.#db.prepare('DELETE FROM event_types WHERE name = ?').run(name).changes > 0;
  }

  async listEventTypes(): Promise<EventTypeRecord[]> {
    return this.#db.prepare('SELECT * FROM event_types ORDER BY name').all().map(toEventType);
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
