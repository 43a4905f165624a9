import type { Pool } from 'pg';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { quoteSchemaName } from './schema-name.ts';
import { inTransaction } from './transaction.ts';

/** First key of the advisory lock that serialises migrations ("hkgt"); the second is the schema's hash. */
const MIGRATION_LOCK = 0x686b6774;

/**
 * Creates the schema if needed and applies pending migrations, in one transaction. Several
 * instances may start at once: the transaction-scoped advisory lock makes them take turns, and
 * each later one finds the work done.
 */
export async function migrate(pool: Pool, schema: string | null): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema ?? '']);
    if (schema !== null) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(schema)}`);
      const { rows } = await client.query<{ current: string | null }>('SELECT current_schema() AS current');
      // The tables must not land in another schema if the connection's search_path was not set.
      if (rows[0]?.current !== schema) throw new Error(`search_path should start with ${schema}, not ${rows[0]?.current}`);
    }
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    }
  });
}
