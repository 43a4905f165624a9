/**
 * How adapters talk to a provider's REST API: undici on one keep-alive Pool per
 * origin, connect/headers/body timeouts, bounded retries of idempotent calls on 5xx, 429 and
 * network errors (honouring Retry-After), a circuit breaker, zod-parsed bodies and one
 * mapping of upstream failures to the gateway's typed errors. Credentials live in headers
 * and are never copied into an error or a log line: upstream error text passes through
 * redactUpstreamText, with every header value sent and `secrets`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import { NotFoundError, UpstreamError, ValidationError } from '../../errors.ts';
import type { ProviderName } from '../provider-name.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { redactUpstreamText } from './redact-upstream-text.ts';
import { parseRetryAfter } from './retry-after.ts';
import { withDeadline } from '../../http/with-deadline.ts';
import { requestText } from './request-text.ts';

export interface UpstreamTransportOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Retries of an idempotent call after the first attempt (the issue caps this at 2). */
  maxRetries: number;
  /** First backoff; doubles each retry, with ±20 % jitter. */
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as retryable instead. */
  maxRetryDelayMs: number;
  breakerFailureThreshold: number;
  breakerOpenMs: number;
  /** How long a GET's answer is reused; 0 keeps none (calls under way are still joined, see joinGets). */
  getCacheMs: number;
  /** Whether an identical GET already under way is joined rather than sent again. */
  joinGets: boolean;
}

export const DEFAULT_TRANSPORT_OPTIONS: UpstreamTransportOptions = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  maxRetries: 2,
  retryBaseDelayMs: 200,
  maxRetryDelayMs: 5_000,
  breakerFailureThreshold: 5,
  breakerOpenMs: 30_000,
  getCacheMs: 1_000,
  joinGets: true,
};

export interface UpstreamClientOptions {
  provider: ProviderName;
  /** e.g. https://api.bolt.com; a path prefix is kept. */
  baseUrl: string;
  /** Auth and other headers sent on every call; async so tokens can be fetched or renewed. */
  headers: () => Record<string, string> | Promise<Record<string, string>>;
  /** Pulls the provider's human message out of an error body, when it has one (redacted afterwards). */
  describeError: (body: unknown) => string | null;
  /** Credentials besides the header values (those are always redacted): signing secrets, passwords. */
  secrets?: readonly (string | null)[];
  transport: UpstreamTransportOptions;
  /** Called when the upstream answers 401, e.g. to drop a cached token before one retry. */
  onUnauthorized?: () => void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UpstreamCall<S extends z.ZodType | undefined> {
  method: HttpMethod;
  /** Appended to the base URL's path; encode path segments with encodeURIComponent. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** Parses the 2xx body; leave out for calls whose body is ignored (e.g. DELETE → 204). */
  schema?: S;
  /**
   * Reshapes the 2xx body before `schema` checks it (a shape the API also sends). Rather than a
   * zod transform or preprocess, which makes zod memoize every object it parses (see shippo/wire.ts).
   */
  prepare?: (body: unknown) => unknown;
  /** Overrides the method's idempotency (GET, PUT, DELETE are idempotent; POST is not). */
  idempotent?: boolean;
  /** What the call is, for error messages: "list webhooks". */
  operation: string;
  /** Where a 400/409/422 is reported in the GraphQL arguments; default `["input"]`. */
  errorPath?: (string | number)[];
}

export interface UpstreamResponse<T> {
  status: number;
  data: T;
  /**
   * Set on a GET answer the client keeps (UPSTREAM_GET_CACHE_MS): true while the same call would
   * be answered with this very response, without asking the provider. What is derived from the
   * answer alone may be reused while it holds (see execution/reused-results.ts).
   */
  fresh?: () => boolean;
}

const IDEMPOTENT: Record<HttpMethod, boolean> = { GET: true, PUT: true, DELETE: true, POST: false, PATCH: false };

/** A GET's body, and its data as parsed by `schema` after `prepare`. */
interface LastBody {
  text: string;
  schema: z.ZodType;
  prepare: ((body: unknown) => unknown) | undefined;
  data: unknown;
}

/** Bodies remembered, by path: one listing per scope, and the webhooks read one by one lately. */
const MAX_LAST_BODIES = 32;
/** A larger body is parsed each time rather than kept. */
const MAX_LAST_BODY_CHARS = 1 << 20;

class RetryableFailure extends Error {
  readonly error: UpstreamError;
  readonly retryAfterMs: number | null;
  constructor(error: UpstreamError, retryAfterMs: number | null) {
    super(error.message);
    this.error = error;
    this.retryAfterMs = retryAfterMs;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  return JSON.parse(text);
}

export class UpstreamClient {
  readonly provider: ProviderName;
  readonly breaker: CircuitBreaker;
  readonly #base: URL;
  readonly #pool: Pool;
  readonly #options: UpstreamClientOptions;
  readonly #getCache = new Map<string, { response: Promise<UpstreamResponse<unknown>>; settledAt: number | null }>();
  readonly #getCacheMs: number;
  readonly #joinGets: boolean;
  /** Per path, the latest 2xx body a GET read and what it parsed to (see #parsedBefore). */
  readonly #lastBodies = new Map<string, LastBody>();
  /** Counts writes begun and finished, so a GET can tell whether one overlapped it. */
  #writes = 0;
  /** The credential header values of the latest call (a renewed token differs from the last). */
  #sentCredentials: readonly string[] = [];

  constructor(options: UpstreamClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`${options.provider}: base URL "${options.baseUrl}" is not a valid URL`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new TypeError(`${options.provider}: base URL must be http or https`);
    }
    const t = options.transport;
    if (!Number.isInteger(t.maxRetries) || t.maxRetries < 0) throw new RangeError('maxRetries must be >= 0');
    this.provider = options.provider;
    this.#base = base;
    this.#options = options;
    this.#getCacheMs = t.getCacheMs;
    this.#joinGets = t.joinGets;
    this.breaker = new CircuitBreaker({ failureThreshold: t.breakerFailureThreshold, openMs: t.breakerOpenMs });
    this.#pool = new Pool(base.origin, {
      connect: { timeout: t.connectTimeoutMs },
      headersTimeout: t.headersTimeoutMs,
      bodyTimeout: t.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /**
   * GETs are shared: one already under way is joined instead of sent again (unless `joinGets` is
   * off), and its answer is reused for `getCacheMs` (a burst of the same listing costs the
   * provider one call and the gateway one parse). Any write through this client forgets every cached answer, so the
   * gateway's own changes show at once; changes made elsewhere show within `getCacheMs`.
   * Callers must treat the parsed data as read-only, since they may share it.
   */
  call<S extends z.ZodType | undefined = undefined>(
    call: UpstreamCall<S>,
  ): Promise<UpstreamResponse<S extends z.ZodType ? z.output<S> : null>> {
    type Result = UpstreamResponse<S extends z.ZodType ? z.output<S> : null>;
    if (call.method !== 'GET') {
      this.#forgetGets();
      return this.#call(call).finally(() => this.#forgetGets());
    }
    if (!this.#joinGets && this.#getCacheMs === 0) return this.#call(call);
    const key = `${call.path}?${JSON.stringify(call.query ?? {})}`;
    const cached = this.#getCache.get(key);
    if (cached && (cached.settledAt === null ? this.#joinGets : performance.now() - cached.settledAt < this.#getCacheMs)) {
      return cached.response as Promise<Result>;
    }
    const entry: { response: Promise<UpstreamResponse<unknown>>; settledAt: number | null } = { response: this.#call(call), settledAt: null };
    if (this.#getCacheMs > 0) {
      const fresh = () => this.#getCache.get(key) === entry && entry.settledAt !== null && performance.now() - entry.settledAt < this.#getCacheMs;
      entry.response = entry.response.then((response) => ({ ...response, fresh }));
    }
    this.#getCache.set(key, entry);
    const generation = this.#writes;
    entry.response.then(
      () => {
        if (this.#getCache.get(key) !== entry) return;
        // A write that overlapped this GET may have changed what it read: do not keep it.
        if (this.#getCacheMs > 0 && generation === this.#writes) entry.settledAt = performance.now();
        else this.#getCache.delete(key);
      },
      () => {
        if (this.#getCache.get(key) === entry) this.#getCache.delete(key);
      },
    );
    return entry.response as Promise<Result>;
  }

  /** Text from this provider, fit to show: see redact-upstream-text.ts. */
  redact(text: string): string {
    return this.#redact(text, this.#sentCredentials);
  }

  #redact(text: string, sentCredentials: readonly string[]): string {
    return redactUpstreamText(text, [...sentCredentials, ...(this.#options.secrets ?? [])]);
  }

  #forgetGets(): void {
    this.#writes += 1;
    this.#getCache.clear();
  }

  async #call<S extends z.ZodType | undefined = undefined>(
    call: UpstreamCall<S>,
  ): Promise<UpstreamResponse<S extends z.ZodType ? z.output<S> : null>> {
    const idempotent = call.idempotent ?? IDEMPOTENT[call.method];
    const retries = idempotent ? this.#options.transport.maxRetries : 0;
    let unauthorizedRetried = false;
    for (let attempt = 0; ; attempt++) {
      if (!this.breaker.tryAcquire()) {
        throw new UpstreamError(
          this.provider,
          `${this.provider} is failing; calls are paused for ${Math.ceil(this.breaker.retryInMs / 1000)} s (circuit open)`,
          null,
          true,
        );
      }
      try {
        const result = await this.#attempt(call);
        this.breaker.recordSuccess();
        return result as UpstreamResponse<S extends z.ZodType ? z.output<S> : null>;
      } catch (error) {
        if (!(error instanceof RetryableFailure)) {
          this.breaker.release();
          if (error instanceof UpstreamError && error.status === 401 && this.#options.onUnauthorized && !unauthorizedRetried) {
            unauthorizedRetried = true;
            this.#options.onUnauthorized();
            attempt--;
            continue;
          }
          throw error;
        }
        this.breaker.recordFailure();
        if (attempt >= retries) throw error.error;
        const backoff = this.#options.transport.retryBaseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
        const delay = error.retryAfterMs ?? backoff;
        if (delay > this.#options.transport.maxRetryDelayMs) throw error.error;
        await sleep(delay);
      }
    }
  }

  async #attempt(call: UpstreamCall<z.ZodType | undefined>): Promise<UpstreamResponse<unknown>> {
    const url = new URL(this.#base.href.replace(/\/$/, '') + call.path);
    // URL parsing resolves `.`/`..` segments (`%2e` too): a path it changed would call elsewhere.
    if (url.pathname !== this.#base.pathname.replace(/\/$/, '') + call.path.split('?')[0]) {
      throw new NotFoundError(`${this.provider} resource`, call.path);
    }
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const what = `${call.operation} (${call.method} ${url.pathname})`;
    const credentials = await this.#options.headers();
    const sentCredentials = Object.values(credentials);
    this.#sentCredentials = sentCredentials;
    const headers: Record<string, string> = { accept: 'application/json', ...credentials };
    if (call.body !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let text: string;
    let responseHeaders: Record<string, string | string[] | undefined>;
    try {
      const { headersTimeoutMs, bodyTimeoutMs } = this.#options.transport;
      // undici checks its own timeouts on a coarse (~0.5 s) clock; this bound is exact.
      ({ status, headers: responseHeaders, text } = await withDeadline(headersTimeoutMs + bodyTimeoutMs, (signal) =>
        requestText(
          this.#pool,
          {
            method: call.method,
            path: url.pathname + url.search,
            headers,
            ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          },
          signal,
        ),
      ));
    } catch (error) {
      const { code, name } = error as { code?: string; name?: string };
      const timedOut = code?.includes('TIMEOUT') || name === 'TimeoutError' || name === 'AbortError';
      const reason = timedOut ? 'timed out' : `failed (${code ?? name ?? 'network error'})`;
      throw new RetryableFailure(new UpstreamError(this.provider, `${this.provider} ${what} ${reason}`, null, true), null);
    }

    if (status >= 200 && status < 300) {
      if (!call.schema) return { status, data: null };
      const sentPath = url.pathname + url.search;
      const same = call.method === 'GET' ? this.#parsedBefore(sentPath, text, call) : undefined;
      if (same !== undefined) return { status, data: same.data };
      let json: unknown;
      try {
        json = parseJson(text);
      } catch {
        throw new UpstreamError(this.provider, `${this.provider} ${what} answered with malformed JSON`, status, false);
      }
      const parsed = call.schema.safeParse(call.prepare ? call.prepare(json) : json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        throw new UpstreamError(
          this.provider,
          `${this.provider} ${what} answered with an unexpected body${where}: ${issue?.message ?? 'invalid'}`,
          status,
          false,
        );
      }
      if (call.method === 'GET') this.#rememberBody(sentPath, { text, schema: call.schema, prepare: call.prepare, data: parsed.data });
      return { status, data: parsed.data };
    }

    let errorBody: unknown = text;
    try {
      errorBody = parseJson(text);
    } catch {
      // Not JSON: keep the text; describeError may still use it.
    }
    const described = this.#options.describeError(errorBody);
    const detail = described ? `: ${this.#redact(described, sentCredentials)}` : '';

    if (status === 404) throw new NotFoundError(`${this.provider} webhook`, url.pathname.split('/').at(-1) ?? '');
    if (status === 400 || status === 409 || status === 422) {
      throw ValidationError.field(call.errorPath ?? ['input'], `${this.provider} rejected the request${detail || ` (HTTP ${status})`}`);
    }
    if (status === 401 || status === 403) {
      throw new UpstreamError(this.provider, `${this.provider} refused the credentials (HTTP ${status})${detail}`, status, false);
    }
    if (status === 429 || status >= 500) {
      const error = new UpstreamError(this.provider, `${this.provider} ${what} failed with HTTP ${status}${detail}`, status, true);
      throw new RetryableFailure(error, parseRetryAfter(responseHeaders['retry-after']));
    }
    throw new UpstreamError(this.provider, `${this.provider} ${what} failed with HTTP ${status}${detail}`, status, false);
  }

  /**
   * The data of the body the previous GET of `path` read, when this one reads the very same text:
   * a listing asked for again mostly is, and parsing it whole again (JSON, then zod) cost most of
   * an uncached listing. The same text parses to the same data, so it is handed out again (callers
   * treat it as read-only), and what providers derive from it once (sorting, mapping) holds too.
   */
  #parsedBefore(path: string, text: string, call: UpstreamCall<z.ZodType | undefined>): LastBody | undefined {
    const last = this.#lastBodies.get(path);
    return last !== undefined && last.text === text && last.schema === call.schema && last.prepare === call.prepare ? last : undefined;
  }

  #rememberBody(path: string, body: LastBody): void {
    this.#lastBodies.delete(path);
    if (body.text.length > MAX_LAST_BODY_CHARS) return;
    if (this.#lastBodies.size >= MAX_LAST_BODIES) this.#lastBodies.delete(this.#lastBodies.keys().next().value!);
    this.#lastBodies.set(path, body);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
