/**
 * The data folder holds the database (endpoint secrets sealed, API key hashes, payloads) and
 * the key that unseals the secrets: only the owner may enter it, read or write its files,
 * whatever the umask, and a folder or files left open by an older version are closed up too.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

const OWNER_ONLY_FOLDER = 0o700;
const OWNER_ONLY_FILE = 0o600;

/** Creates `dir` (and parents) if needed and makes it owner-only. */
export function ownerOnlyFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_FOLDER });
  chmodSync(dir, OWNER_ONLY_FOLDER);
}

/**
 * Creates `file` empty if missing, and makes it and its `companions` that exist owner-only.
 * SQLite gives a new -wal or -shm file the database file's permissions, so they follow.
 */
export function ownerOnlyFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', OWNER_ONLY_FILE));
  for (const path of [file, ...companions]) if (existsSync(path)) chmodSync(path, OWNER_ONLY_FILE);
}
