/** SQLite's result codes that mean the storage, not the statement, failed (https://sqlite.org/rescode.html). */
import { type StoreFault, messageOf } from '../store-fault.ts';

const SQLITE_FULL = 13;
/** Primary codes of a database that cannot be used right now: busy, locked, read-only, I/O errors, unopenable. */
const UNAVAILABLE: Record<number, string> = {
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  8: 'SQLITE_READONLY',
  10: 'SQLITE_IOERR',
  14: 'SQLITE_CANTOPEN',
};

export function classifySqliteError(error: unknown): StoreFault | null {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  // Files around the database (its folder, the WAL) are written through node:fs as well.
  if (code === 'ENOSPC' || code === 'EDQUOT') return { kind: 'full', reason: `${code}: ${messageOf(error)}` };
  if (code !== 'ERR_SQLITE_ERROR' || typeof errcode !== 'number') return null;
  // Extended codes (SQLITE_IOERR_WRITE = 778, …) keep the primary code in their low byte.
  const primary = errcode & 0xff;
  if (primary === SQLITE_FULL) return { kind: 'full', reason: `SQLITE_FULL: ${messageOf(error)}` };
  const name = UNAVAILABLE[primary];
  return name === undefined ? null : { kind: 'unavailable', reason: `${name} (${errcode}): ${messageOf(error)}` };
}
