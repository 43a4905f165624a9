import type { Config } from '../config.ts';
import { createLogger, type Logger, logFunction } from '../observability/logger.ts';
import { type GuardedStore, guardStore } from './guarded-store.ts';
import { classifySqliteError } from './sqlite/sqlite-faults.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import { openWhenAvailable } from './startup-wait.ts';

export interface OpenStoreOptions {
  /** Where the store's faults, recoveries and the wait at start are logged. Default: errors and warnings on stderr. */
  logger?: Logger;
  /** How long to wait at start while the database is unavailable or its disk full; 0 (the default) fails at once. */
  startupWaitMs?: number;
  /** SQLite: checkpoint its log from a worker thread, not in commits (see wal-checkpointer.ts); for the gateway, not for one-off commands. */
  backgroundCheckpoints?: boolean;
}

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in
 * DATA_DIR; its faults become domain errors and are tracked (see GuardedStore).
 */
export async function openStore(config: Config, options: OpenStoreOptions = {}): Promise<GuardedStore> {
  const logger = options.logger ?? createLogger({ level: 'warn', destination: process.stderr });
  const maxWaitMs = options.startupWaitMs ?? 0;
  if (config.databaseUrl) {
    // Loaded only when used: the embedded default need not hold pg in memory.
    const [{ PostgresStore }, { classifyPostgresError }] = await Promise.all([
      import('./postgres/postgres-store.ts'),
      import('./postgres/postgres-faults.ts'),
    ]);
    const { databaseUrl } = config;
    const store = await openWhenAvailable(
      () =>
        PostgresStore.open({
          connectionString: databaseUrl,
          schema: config.databaseSchema ?? undefined,
          connectTimeoutMs: config.store.connectTimeoutMs,
          queryTimeoutMs: config.store.queryTimeoutMs,
          log: logFunction(logger),
        }),
      { classify: classifyPostgresError, maxWaitMs, what: `PostgreSQL at ${hostOf(databaseUrl)}`, logger },
    );
    return guardStore(store, classifyPostgresError, logger);
  }
  const warn = logFunction(logger, 'warn');
  const onError = (error: Error) => warn('checkpointing the SQLite log in the background failed (commits checkpoint it when it grows large)', error);
  const sqliteOptions = options.backgroundCheckpoints ? { backgroundCheckpoints: { onError } } : {};
  const store = await openWhenAvailable(async () => SqliteStore.open(config.dataDir, sqliteOptions), {
    classify: classifySqliteError,
    maxWaitMs,
    what: `SQLite in ${config.dataDir}`,
    logger,
  });
  return guardStore(store, classifySqliteError, logger);
}

/** host:port of a database URL, without the credentials. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}
