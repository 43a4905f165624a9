/**
 * Bearer tokens for UP42. A configured token is used as is; with a username and password the
 * token comes from UP42's Keycloak (password grant, client `up42-sdk`), is cached, renewed at
 * 80 % of its lifetime and dropped when the API answers 401. The token call has its own
 * undici Pool and timeouts; the password never appears in an error message.
 */
import { Pool } from 'undici';
import type { Up42Credentials } from '../../config.ts';
import { UpstreamError } from '../../errors.ts';
import { redactUpstreamText } from '../upstream/redact-upstream-text.ts';
import type { UpstreamTransportOptions } from '../upstream/upstream-client.ts';
import { tokenError, tokenResponse } from './wire.ts';

export const UP42_CLIENT_ID = 'up42-sdk';

/** Keycloak's default access-token lifespan, used when the answer has no expires_in. */
const DEFAULT_EXPIRES_IN_S = 300;
const RENEW_AT_FRACTION = 0.8;

export interface TokenSourceOptions {
  credentials: Up42Credentials;
  transport: Pick<UpstreamTransportOptions, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyTimeoutMs'>;
  /**
   * How long a refusal of the username/password is remembered and answered without asking
   * Keycloak again, so a wrong password does not trip its brute-force lockout. Default 30 s.
   */
  refusalMemoryMs?: number;
  now?: () => number;
}

interface CachedToken {
  token: string;
  renewAt: number;
}

export interface TokenSource {
  /** The bearer token to send now. */
  token(): Promise<string>;
  /** Forgets the cached token (the API refused it); null when there is nothing to renew. */
  readonly invalidate: (() => void) | null;
  close(): Promise<void>;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const credentials = options.credentials;
  if (credentials.kind === 'token') {
    return { token: async () => credentials.token, invalidate: null, close: async () => {} };
  }
  return new PasswordTokenSource({ ...options, credentials });
}

class PasswordTokenSource implements TokenSource {
  readonly #credentials: Extract<Up42Credentials, { kind: 'password' }>;
  readonly #url: URL;
  readonly #pool: Pool;
  readonly #refusalMemoryMs: number;
  readonly #now: () => number;
  #cached: CachedToken | null = null;
  #pending: Promise<string> | null = null;
  #refusal: { error: UpstreamError; until: number } | null = null;

  constructor(options: TokenSourceOptions & { credentials: Extract<Up42Credentials, { kind: 'password' }> }) {
    this.#credentials = options.credentials;
    try {
      this.#url = new URL(options.credentials.authUrl);
    } catch {
      throw new TypeError('UP42: the auth URL is not a valid URL');
    }
    this.#refusalMemoryMs = options.refusalMemoryMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#pool = new Pool(this.#url.origin, {
      connect: { timeout: options.transport.connectTimeoutMs },
      headersTimeout: options.transport.headersTimeoutMs,
      bodyTimeout: options.transport.bodyTimeoutMs,
    });
  }

  readonly invalidate = (): void => {
    this.#cached = null;
  };

  async token(): Promise<string> {
    if (this.#cached && this.#now() < this.#cached.renewAt) return this.#cached.token;
    if (this.#refusal && this.#now() < this.#refusal.until) throw this.#refusal.error;
    // Concurrent callers share one token request.
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #fetch(): Promise<string> {
    const requestedAt = this.#now();
    const form = new URLSearchParams({
      grant_type: 'password',
      username: this.#credentials.username,
      password: this.#credentials.password,
      client_id: UP42_CLIENT_ID,
    });
    let status: number;
    let text: string;
    try {
      const response = await this.#pool.request({
        method: 'POST',
        path: this.#url.pathname + this.#url.search,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code?.includes('TIMEOUT') ? 'timed out' : `failed (${code ?? (error as Error).name})`;
      throw new UpstreamError('UP42', `UP42 token request to the auth server ${reason}`, null, true);
    }

    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const parsed = tokenResponse.safeParse(json);
      if (!parsed.success) {
        throw new UpstreamError('UP42', 'UP42 auth server answered the token request with an unexpected body', status, false);
      }
      const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_EXPIRES_IN_S) * 1000;
      this.#cached = { token: parsed.data.access_token, renewAt: requestedAt + lifetimeMs * RENEW_AT_FRACTION };
      this.#refusal = null;
      return parsed.data.access_token;
    }

    const detail = this.#describe(json);
    if (status === 400 || status === 401 || status === 403) {
      const error = new UpstreamError(
        'UP42',
        `UP42 auth server refused the username/password (HTTP ${status})${detail}`,
        status,
        false,
      );
      this.#refusal = { error, until: this.#now() + this.#refusalMemoryMs };
      throw error;
    }
    const retryable = status === 429 || status >= 500;
    throw new UpstreamError('UP42', `UP42 token request failed with HTTP ${status}${detail}`, status, retryable);
  }

  /** Keycloak's error text, with the credentials cut out should a server ever echo them. */
  #describe(body: unknown): string {
    const parsed = tokenError.safeParse(body);
    if (!parsed.success) return '';
    const text = [parsed.data.error, parsed.data.error_description]
      .filter(Boolean)
      .join(': ');
    const safe = redactUpstreamText(text, [this.#credentials.password]).slice(0, 200);
    return safe ? `: ${safe}` : '';
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
