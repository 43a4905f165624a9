/**
 * Who sent a GraphQL operation, read defensively from its context: the API key's id when a
 * principal was resolved, and the client's address when the request came over a socket.
 */
import { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.ts';

export interface Caller {
  /** The API key's id (never the key itself), or null without a principal. */
  keyId: string | null;
  /** The peer address of the connection, or null for in-process calls (`yoga.fetch`). */
  address: string | null;
}

export function callerOf(context: unknown): Caller {
  if (typeof context !== 'object' || context === null) return { keyId: null, address: null };
  const { principal, req } = context as { principal?: Principal | null; req?: unknown };
  const keyId = typeof principal?.keyId === 'string' && principal.keyId !== '' ? principal.keyId : null;
  const address = req instanceof IncomingMessage ? (req.socket.remoteAddress ?? null) : null;
  return { keyId, address };
}
