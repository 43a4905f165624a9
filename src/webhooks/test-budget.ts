/**
 * Bounds on `testWebhook`, which sends signed requests to a URL of the caller's choosing: a
 * call may send at most `maxPerCall` test messages (URLs × event types), and one API key at
 * most `perMinute` a minute (a token bucket of that size, refilled continuously, per gateway
 * instance). Over either bound the call sends nothing and fails with a typed error.
 */
import { RateLimitedError, ValidationError } from '../errors.ts';
import { TokenBucketRateLimiter } from '../security/rate-limiter.ts';

/** What HOOKGATE_TEST_MAX_PER_CALL and HOOKGATE_TEST_SENDS_PER_MINUTE default to. */
export const DEFAULT_TEST_LIMITS = { maxPerCall: 20, perMinute: 60 } as const;

export interface TestLimits {
  /** The most test messages one testWebhook call may send. */
  maxPerCall: number;
  /** The most test messages one API key may send per minute; at least `maxPerCall`. */
  perMinute: number;
}

/** One caller's allowance of test messages; providers spend it before sending anything. */
export interface TestBudget {
  /**
   * Takes `count` sends for one call, or takes none and throws: a ValidationError at `event`
   * over the per-call bound, a RateLimitedError over the per-minute one.
   */
  spend(count: number): void;
}

export class TestSendLimiter {
  readonly #limits: TestLimits;
  readonly #buckets: TokenBucketRateLimiter;

  constructor(limits: TestLimits) {
    if (limits.perMinute < limits.maxPerCall) throw new RangeError('perMinute must be at least maxPerCall');
    this.#limits = limits;
    this.#buckets = new TokenBucketRateLimiter({ perMinute: limits.perMinute, burst: limits.perMinute });
  }

  /** The allowance of the API key `keyId`. */
  budgetFor(keyId: string): TestBudget {
    return {
      spend: (count) => {
        const { maxPerCall, perMinute } = this.#limits;
        if (count > maxPerCall) {
          throw ValidationError.field(
            ['event'],
            `this test would send ${count} messages (URLs × event types); one call sends at most ${maxPerCall}: name one event type`,
          );
        }
        const decision = this.#buckets.take(keyId, count);
        if (!decision.allowed) throw new RateLimitedError(`This API key sent its ${perMinute} test messages of the minute`, decision.retryAfterMs);
      },
    };
  }
}
