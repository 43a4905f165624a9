import type { Config } from '../config.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: Config, log?: (message: string, error?: unknown) => void): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only when used: the embedded default need not hold pg in memory.
    const { PostgresStore } = await import('./postgres/postgres-store.ts');
    return PostgresStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema ?? undefined, log });
  }
  return SqliteStore.open(config.dataDir);
}
