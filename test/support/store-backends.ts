/**
 * The store backends the parametrised store suite runs against: SQLite in temporary folders,
 * and PostgreSQL in a fresh schema (emptied between tests, dropped after the suite) of
 * `TEST_DATABASE_URL`, by default the local `test` database. When PostgreSQL is unreachable its
 * tests are skipped with a warning, except in CI (`CI=true`), where they fail.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedStore {
  store: Store;
  /** Closes the store. */
  dispose(): Promise<void>;
}

/** A backend made ready for one suite (in `beforeAll`). */
export interface PreparedBackend {
  /** An empty store for one test. */
  open(): Promise<OpenedStore>;
  /** Removes whatever the suite created (in `afterAll`). */
  cleanup(): Promise<void>;
}

/** Why a backend cannot run here, and whether that fails the run (CI) or only skips its tests. */
export interface Unavailable {
  reason: string;
  fails: boolean;
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** Null when the backend can run here. */
  unavailable: Unavailable | null;
  prepare(): Promise<PreparedBackend>;
}

/**
 * In a describe block of a backend that cannot run here, registers one test in place of its
 * tests: failing with the reason (CI) or skipped. Returns true when it did, and the block
 * should register nothing else.
 */
export function standInIfUnavailable(unavailable: Unavailable | null): boolean {
  if (unavailable === null) return false;
  if (unavailable.fails) {
    it('can reach its database', () => {
      throw new Error(`${unavailable.reason}. CI must run these tests.`);
    });
  } else {
    it.skip(`skipped: ${unavailable.reason}`, () => {});
  }
  return true;
}

/** A schema name no other test uses. */
export function freshSchemaName(): string {
  return `hookgate_test_${randomBytes(6).toString('hex')}`;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

async function probePostgres(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresUnavailable(): Promise<Unavailable | null> {
  const problem = await probePostgres(POSTGRES_URL);
  if (problem === null) return null;
  const reason =
    `PostgreSQL at ${withoutPassword(POSTGRES_URL)} is unreachable (${problem}); ` +
    'set TEST_DATABASE_URL to run the PostgreSQL store tests';
  const fails = process.env.CI === 'true';
  if (!fails) console.warn(`Skipping the PostgreSQL store tests: ${reason}`);
  return { reason, fails };
}

/** Null when PostgreSQL answers. */
export const POSTGRES_UNAVAILABLE = await postgresUnavailable();

/** Every table of a migrated schema, children before parents, so that deleting in this order breaks no foreign key. */
const TABLES = [
  'delivery_attempts',
  'deliveries',
  'events',
  'endpoint_events',
  'endpoints',
  'event_types',
  'api_keys',
  'provider_events',
  'inbound_sources',
];

/** A migrated schema of its own, emptied between tests and dropped at the end. */
export interface PostgresSchema {
  name: string;
  /** Deletes every row: on tables this small DELETE takes milliseconds where TRUNCATE or a new schema take hundreds. */
  empty(): Promise<void>;
  drop(): Promise<void>;
}

export async function createPostgresSchema(): Promise<PostgresSchema> {
  const name = freshSchemaName();
  await (await PostgresStore.open({ connectionString: POSTGRES_URL, schema: name, maxConnections: 1 })).close();
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  // Kept as the migrations left them: the store's bookkeeping, not its data.
  const { rows } = await admin.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT IN ('schema_migrations', 'store_identity')",
    [name],
  );
  const unknown = rows.map((row) => row.table_name).filter((table) => !TABLES.includes(table));
  if (unknown.length > 0) {
    await admin.end();
    await PostgresStore.dropSchema(POSTGRES_URL, name);
    throw new Error(`store-backends.ts does not know how to empty ${unknown.join(', ')}: add them to TABLES`);
  }
  return {
    name,
    async empty() {
      await admin.query(TABLES.map((table) => `DELETE FROM "${name}".${table};`).join(' '));
    },
    async drop() {
      await admin.end();
      await PostgresStore.dropSchema(POSTGRES_URL, name);
    },
  };
}

export const backends: StoreBackend[] = [
  {
    name: 'sqlite',
    unavailable: null,
    async prepare() {
      const dirs: string[] = [];
      return {
        async open() {
          const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-store-'));
          dirs.push(dir);
          const store = SqliteStore.open(dir);
          return { store, dispose: () => store.close() };
        },
        async cleanup() {
          for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    unavailable: POSTGRES_UNAVAILABLE,
    async prepare() {
      const schema = await createPostgresSchema();
      return {
        async open() {
          await schema.empty();
          const store = await PostgresStore.open({ connectionString: POSTGRES_URL, schema: schema.name, maxConnections: 4 });
          return { store, dispose: () => store.close() };
        },
        cleanup: () => schema.drop(),
      };
    },
  },
];
