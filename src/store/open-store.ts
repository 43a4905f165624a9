import type { Config } from '../config.ts';
import { PostgresStore } from './postgres/postgres-store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: Config, log?: (message: string, error?: unknown) => void): Promise<Store> {
  if (config.databaseUrl) {
    return PostgresStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema ?? undefined, log });
  }
  return SqliteStore.open(config.dataDir);
}
