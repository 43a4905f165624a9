/**
 * Per-key rate limiting. `RateLimiter` is the contract (a Redis-backed limiter shared by
 * several instances can implement it later); `TokenBucketRateLimiter` keeps the buckets in
 * this process.
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: how long until one request will be allowed again; 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Spends one request of `key`'s allowance. */
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface TokenBucketOptions {
  /** Sustained requests per minute per key. */
  perMinute: number;
  /** Requests a key may make at once after being idle (the bucket's capacity). */
  burst: number;
  /** Buckets kept at most; past it the least recently used is dropped. Default 100 000. */
  maxKeys?: number;
  /** Monotonic clock in milliseconds; injectable for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

export class TokenBucketRateLimiter implements RateLimiter {
  readonly #burst: number;
  readonly #perMs: number;
  /** An untouched bucket is full again after this long, which is the same as having none. */
  readonly #idleMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** In least-recently-used order: every take re-inserts its key at the end. */
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions) {
    if (!(options.perMinute > 0)) throw new RangeError('perMinute must be positive');
    if (!Number.isInteger(options.burst) || options.burst < 1) throw new RangeError('burst must be a positive integer');
    const maxKeys = options.maxKeys ?? 100_000;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer');
    this.#burst = options.burst;
    this.#perMs = options.perMinute / 60_000;
    this.#idleMs = options.burst / this.#perMs;
    this.#maxKeys = maxKeys;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Buckets currently held (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Spends `cost` tokens at once (default 1); refused, it spends none. */
  take(key: string, cost = 1): RateLimitDecision {
    const now = this.#now();
    this.#evictIdle(now);
    const bucket = this.#buckets.get(key);
    let tokens = this.#burst;
    if (bucket) {
      tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
      this.#buckets.delete(key);
    }
    const allowed = tokens >= cost;
    if (allowed) tokens -= cost;
    this.#buckets.set(key, { tokens, at: now });
    if (this.#buckets.size > this.#maxKeys) this.#evictOldest();
    return { allowed, retryAfterMs: allowed ? 0 : Math.ceil((cost - tokens) / this.#perMs) };
  }

  /** The oldest buckets come first, so the sweep stops at the first one still in use. */
  #evictIdle(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.at < this.#idleMs) return;
      this.#buckets.delete(key);
    }
  }

  #evictOldest(): void {
    const oldest = this.#buckets.keys().next();
    if (!oldest.done) this.#buckets.delete(oldest.value);
  }
}
