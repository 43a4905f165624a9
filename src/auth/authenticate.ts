/**
 * Finds the API key of a request (`Authorization: Bearer <key>` or `X-API-Key: <key>`, or the
 * same names in graphql-ws connection params) and turns it into the caller's Principal.
 */
import { createGraphQLError } from 'graphql-yoga';
import { StoreFaultError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { principalForKey } from './api-keys.ts';
import { AUTH_OFF_PRINCIPAL, type Principal } from './principal.ts';
import { RecentlyAuthenticatedKeys } from './recently-authenticated.ts';
import { RevocationWatch } from './revocation-watch.ts';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** Where a key may be presented: HTTP headers, and for graphql-ws the `connection_init` payload. */
export interface CredentialSource {
  headers?: HeaderSource;
  connectionParams?: Record<string, unknown>;
}

function header(headers: HeaderSource | undefined, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** Connection params are whatever the client sent: header names match case-insensitively, as in HTTP. */
function param(params: Record<string, unknown> | undefined, name: string): string | null {
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return null;
}

/** The key presented, from HTTP headers or graphql-ws connection params, in the forms HTTP accepts. */
export function presentedKey(source: CredentialSource): string | null {
  const { headers, connectionParams: params } = source;
  const authorization = header(headers, 'authorization') ?? param(params, 'authorization');
  if (authorization !== null) return /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? null;
  return header(headers, 'x-api-key') ?? param(params, 'x-api-key') ?? param(params, 'apikey');
}

/** Who a request is, or why it is nobody: no key at all, or one that is unknown, revoked or mistyped. */
export type Identification = { principal: Principal; problem?: never } | { principal?: never; problem: 'missing' | 'invalid' };

const PROBLEMS = {
  missing: 'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>',
  invalid: 'The API key is not valid (unknown, revoked or mistyped)',
} as const;

export function unauthenticatedError(problem: keyof typeof PROBLEMS) {
  return createGraphQLError(PROBLEMS[problem], {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

/**
 * A store fault before any field ran (looking up the API key): the whole request fails, with
 * HTTP 503 and the same code and `retryable` a mutation's result would carry.
 */
function storeFaultAsRequestError(error: unknown): never {
  if (!(error instanceof StoreFaultError)) throw error;
  throw createGraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, retryable: error.retryable, http: { status: 503, headers: { 'retry-after': '1' } } },
  });
}

export interface AuthenticatorOptions {
  /** False: every caller is the admin of tenant `default` (HOOKGATE_AUTH=off). */
  enabled: boolean;
  store: Store;
  /**
   * How often the keys of open subscriptions are checked for revocation, and how long a key the
   * store found active is trusted without asking again: a revocation takes effect within it.
   */
  revocationCheckMs: number;
  /** Where a failed revocation check is reported. */
  log: (message: string, error?: unknown) => void;
}

export class Authenticator {
  readonly #enabled: boolean;
  readonly #store: Store;
  readonly #revocations: RevocationWatch;
  readonly #recent: RecentlyAuthenticatedKeys;
  /** One look-up per HTTP request, although it is identified before parsing and again for its context. */
  readonly #byHeaders = new WeakMap<object, Promise<Identification>>();

  constructor(options: AuthenticatorOptions) {
    this.#enabled = options.enabled;
    this.#store = options.store;
    this.#revocations = new RevocationWatch(options.store, { intervalMs: options.revocationCheckMs, log: options.log });
    this.#recent = new RecentlyAuthenticatedKeys(options.revocationCheckMs);
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  identify(source: CredentialSource): Promise<Identification> {
    const headers = source.headers;
    if (headers === undefined || source.connectionParams !== undefined) return this.#identify(source);
    let identification = this.#byHeaders.get(headers);
    if (!identification) {
      identification = this.#identify(source);
      this.#byHeaders.set(headers, identification);
    }
    return identification;
  }

  /** Throws a 401-style GraphQL error when auth is on and no valid key was presented. */
  readonly authenticate = async (source: CredentialSource): Promise<Principal> => {
    const { principal, problem } = await this.identify(source);
    if (principal) return principal;
    throw unauthenticatedError(problem);
  };

  /**
   * Calls `onRevoked` once when the principal's key is revoked (checked every
   * `revocationCheckMs`, whichever process revoked it); returns the function that stops watching.
   */
  onRevoked(principal: Principal, onRevoked: () => void): () => void {
    if (!this.#enabled) return () => {};
    return this.#revocations.watch(principal.keyId, onRevoked);
  }

  close(): void {
    this.#revocations.close();
  }

  async #identify(source: CredentialSource): Promise<Identification> {
    if (!this.#enabled) return { principal: AUTH_OFF_PRINCIPAL };
    const key = presentedKey(source);
    if (key === null) return { problem: 'missing' };
    const recent = this.#recent.get(key);
    if (recent) return { principal: recent };
    const checkedAt = performance.now();
    const principal = await principalForKey(this.#store, key).catch(storeFaultAsRequestError);
    if (!principal) return { problem: 'invalid' };
    this.#recent.remember(key, principal, checkedAt);
    return { principal };
  }
}
