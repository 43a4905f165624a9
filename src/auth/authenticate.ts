/**
 * Finds the API key of a request (`Authorization: Bearer <key>` or `X-API-Key: <key>`, or the
 * same names in graphql-ws connection params) and turns it into the caller's Principal.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Store } from '../store/store.ts';
import { principalForKey } from './api-keys.ts';
import { AUTH_OFF_PRINCIPAL, type Principal } from './principal.ts';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource | undefined, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The key presented, from HTTP headers or graphql-ws connection params. */
export function presentedKey(source: { headers?: HeaderSource; connectionParams?: Record<string, unknown> }): string | null {
  const params = source.connectionParams ?? {};
  const fromParams = ['authorization', 'Authorization', 'x-api-key', 'X-API-Key', 'apiKey']
    .map((key) => params[key])
    .find((value): value is string => typeof value === 'string');
  const authorization = header(source.headers, 'authorization') ?? (fromParams?.startsWith('Bearer ') ? fromParams : null);
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match?.[1] ?? null;
  }
  return header(source.headers, 'x-api-key') ?? (fromParams && !fromParams.startsWith('Bearer ') ? fromParams : null);
}

function unauthenticated(message: string) {
  return createGraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

export function createAuthenticator(options: { enabled: boolean; store: Store }) {
  /** Throws a 401-style GraphQL error when auth is on and no valid key was presented. */
  return async (source: { headers?: HeaderSource; connectionParams?: Record<string, unknown> }): Promise<Principal> => {
    if (!options.enabled) return AUTH_OFF_PRINCIPAL;
    const key = presentedKey(source);
    if (key === null) {
      throw unauthenticated('An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>');
    }
    const principal = await principalForKey(options.store, key);
    if (principal === null) throw unauthenticated('The API key is not valid (unknown, revoked or mistyped)');
    return principal;
  };
}
