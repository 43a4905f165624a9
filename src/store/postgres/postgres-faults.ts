/**
 * PostgreSQL's errors that mean the server, not the statement, failed: SQLSTATE classes 08
 * (connection), 53 (insufficient resources: 53100 is disk_full) and 57 (operator intervention:
 * shutdown, restart), and node-postgres's own errors for connections that broke or timed out.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
import { type StoreFault, messageOf, networkErrorCode } from '../store-fault.ts';

const DISK_FULL = '53100';

/** node-postgres raises these without a code when a connection breaks or a timeout fires. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /^Client has encountered a connection error/,
  /^Client was closed and is not queryable/,
];

export function classifyPostgresError(error: unknown): StoreFault | null {
  const { code } = (error ?? {}) as { code?: unknown };
  const message = messageOf(error);
  if (code === DISK_FULL) return { kind: 'full', reason: `PostgreSQL ${code} disk_full: ${message}` };
  if (typeof code === 'string' && /^(08|53|57)/.test(code) && code !== '57014') {
    // 57014 is query_canceled: a statement timeout, which says nothing about the server.
    return { kind: 'unavailable', reason: `PostgreSQL ${code}: ${message}` };
  }
  const network = networkErrorCode(error);
  if (network !== null) return { kind: 'unavailable', reason: `${network}: ${message}` };
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return { kind: 'unavailable', reason: message };
  return null;
}

function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 ? code : null;
}

/** A deadlock or serialization failure: the statement (or transaction) was undone and may simply run again. */
export function isConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
}

/**
 * An error the data of one row caused (a constraint, a value out of range), rather than the
 * connection, the server or its resources: classes 08 (connection), 53 (resources),
 * 57 (operator intervention) and 58 (system) are faults that each row would meet alone too.
 */
export function isStatementError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== null && !['08', '53', '57', '58'].includes(code.slice(0, 2));
}
