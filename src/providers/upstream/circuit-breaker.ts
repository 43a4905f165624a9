/**
 * A circuit breaker per provider: after `failureThreshold` consecutive failures it opens and
 * fails calls fast for `openMs`; then it lets one probe through (half-open), and closes again
 * when the probe succeeds.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a probe is allowed. */
  openMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be a positive integer');
    }
    if (!(options.openMs >= 0)) throw new RangeError('openMs must be >= 0');
    this.#threshold = options.failureThreshold;
    this.#openMs = options.openMs;
    this.#now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.#openedAt === null) return 'closed';
    return this.#now() - this.#openedAt >= this.#openMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a probe is allowed; 0 when calls may go through. */
  get retryInMs(): number {
    if (this.#openedAt === null) return 0;
    return Math.max(0, this.#openedAt + this.#openMs - this.#now());
  }

  /** Whether a call may go out now. In half-open state only one probe at a time is allowed. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  recordFailure(): void {
    this.#probeInFlight = false;
    this.#failures += 1;
    if (this.#openedAt !== null || this.#failures >= this.#threshold) this.#openedAt = this.#now();
  }

  /** The call finished without telling anything about the upstream's health (e.g. a 404). */
  release(): void {
    if (this.#probeInFlight) this.recordSuccess();
  }
}
