/**
 * Which store a configuration names, in words a person can check: the gateway prints it at
 * start and the CLI before every command, so both visibly use the same one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

/** The file SqliteStore.open keeps in DATA_DIR. */
export const SQLITE_FILE = 'hookgate.sqlite';

export interface StoreLocation {
  /** e.g. `SQLite database /srv/hookgate/data/hookgate.sqlite (DATA_DIR)`; never a password. */
  description: string;
  /** False for an embedded store whose file does not exist yet (opening it would create an empty one). */
  exists: boolean;
}

export function storeLocation(config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'>): StoreLocation {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const where = `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
    return { description: `PostgreSQL ${where}${config.databaseSchema ? `, schema ${config.databaseSchema}` : ''} (DATABASE_URL)`, exists: true };
  }
  const file = path.join(config.dataDir, SQLITE_FILE);
  return { description: `SQLite database ${file} (DATA_DIR)`, exists: existsSync(file) };
}
