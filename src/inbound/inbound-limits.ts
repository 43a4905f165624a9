/**
 * Bounds on inbound requests, so that a flood at one source cannot starve the gateway: a rate
 * (token bucket) and a concurrency bound per source, and a concurrency bound over all of them.
 * Beyond them the request is answered 429 with Retry-After, and providers retry.
 */
import { TokenBucketRateLimiter } from '../security/rate-limiter.ts';

export interface InboundLimitsOptions {
  /** Sustained requests per minute per source. */
  perMinute: number;
  /** Requests a source may make at once after being idle. */
  burst: number;
  /** Requests of one source being handled at once. */
  sourceConcurrency: number;
  /** Inbound requests being handled at once, all sources together. */
  concurrency: number;
}

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAfterSeconds: number };

export class InboundLimits {
  readonly #options: InboundLimitsOptions;
  readonly #rate: TokenBucketRateLimiter;
  readonly #inFlight = new Map<string, number>();
  #total = 0;

  constructor(options: InboundLimitsOptions) {
    this.#options = options;
    this.#rate = new TokenBucketRateLimiter({ perMinute: options.perMinute, burst: options.burst });
  }

  /** Admits one request for the source keyed `key`; the caller releases it when answered. */
  admit(key: string): Admission {
    const mine = this.#inFlight.get(key) ?? 0;
    if (this.#total >= this.#options.concurrency || mine >= this.#options.sourceConcurrency) {
      return { admitted: false, retryAfterSeconds: 1 };
    }
    const rate = this.#rate.take(key);
    if (!rate.allowed) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)) };
    this.#total += 1;
    this.#inFlight.set(key, mine + 1);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.#total -= 1;
        const left = (this.#inFlight.get(key) ?? 1) - 1;
        if (left === 0) this.#inFlight.delete(key);
        else this.#inFlight.set(key, left);
      },
    };
  }
}
