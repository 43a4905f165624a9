/**
 * Failures of the store that are not the caller's: the database is unreachable or restarting,
 * or its storage is full. Each backend recognises its own error codes (see sqlite/sqlite-faults.ts
 * and postgres/postgres-faults.ts); the rest of the gateway sees only the domain errors.
 */
import { StorageFullError, type StoreFaultError, StoreUnavailableError } from '../errors.ts';

export type StoreFaultKind = 'unavailable' | 'full';

export interface StoreFault {
  kind: StoreFaultKind;
  /** What the backend said, for the log: e.g. `SQLITE_FULL: database or disk is full`, `ECONNREFUSED: connect …`. */
  reason: string;
}

/** Recognises a backend's fault in one of its errors; null for anything else (a bug, a constraint). */
export type FaultClassifier = (error: unknown) => StoreFault | null;

/** The domain error a fault is reported to callers as, with the backend's error as its cause. */
export function faultError(kind: StoreFaultKind, cause?: unknown): StoreFaultError {
  return kind === 'full' ? new StorageFullError({ cause }) : new StoreUnavailableError({ cause });
}

/** Node's network errors when a server is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** A network failure's code (`ECONNREFUSED`, …), looking into AggregateErrors of several addresses; null otherwise. */
export function networkErrorCode(error: unknown): string | null {
  const { code, errors } = (error ?? {}) as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  if (Array.isArray(errors)) for (const inner of errors) if (networkErrorCode(inner) !== null) return networkErrorCode(inner);
  return null;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
