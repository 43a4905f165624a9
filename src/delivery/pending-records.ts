/**
 * Attempts that were made but could not be recorded because the store failed (database
 * unavailable, storage full). Left alone, such a delivery stays leased and unrecorded, and goes
 * out again once its lease runs out: a duplicate. Kept here in memory instead, and recorded as
 * soon as the store takes writes again, oldest first.
 *
 * Bounded: each one waits for its record with the worker slot it was sent in, so there are at
 * most as many as the worker sends at once (and never more than `maxPending`). Only what a
 * process that dies meanwhile was holding goes out again, as after any crash.
 */
import { StoreFaultError } from '../errors.ts';
import type { AttemptResult, Store } from '../store/store.ts';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

export interface PendingRecordsOptions {
  store: Pick<Store, 'recordAttempt'>;
  /** The most outcomes held at once; beyond it, a failed record fails as it would without this. */
  maxPending: number;
  log: (message: string, error?: unknown) => void;
}

interface Pending {
  result: AttemptResult;
  now: Date;
  resolve: (recorded: { seq: number } | null) => void;
  reject: (error: unknown) => void;
}

export class PendingRecords {
  readonly #options: PendingRecordsOptions;
  readonly #queue: Pending[] = [];
  #retryMs = RETRY_MIN_MS;
  #timer: NodeJS.Timeout | null = null;
  #flushing = false;
  #stopped = false;

  constructor(options: PendingRecordsOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#queue.length;
  }

  /**
   * Records the attempt (see Store.recordAttempt). When the store fails with a fault, resolves
   * only once a later try has recorded it; other errors reject at once.
   */
  async record(result: AttemptResult, now: Date): Promise<{ seq: number } | null> {
    // While others wait, the store is known to fail: this one waits behind them without trying.
    if (this.#queue.length === 0) {
      try {
        return await this.#options.store.recordAttempt(result, now);
      } catch (error) {
        if (!(error instanceof StoreFaultError) || this.#stopped || this.#options.maxPending < 1) throw error;
        if (this.#queue.length === 0) {
          this.#options.log(`attempts cannot be recorded (${error.code}); keeping them until the store takes writes again`, error);
        }
      }
    } else if (this.#stopped || this.#queue.length >= this.#options.maxPending) {
      return this.#options.store.recordAttempt(result, now);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ result, now, resolve, reject });
      this.#schedule();
    });
  }

  /** Tries once more, then gives up on what is still held: those deliveries come back when their leases run out. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#flush();
    const left = this.#queue.splice(0);
    if (left.length > 0) this.#options.log(`${left.length} attempts could not be recorded before stopping; they will be made again`);
    for (const pending of left) pending.reject(new Error('stopped before the attempt could be recorded'));
  }

  #schedule(): void {
    if (this.#timer !== null || this.#flushing || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#flush().then(() => {
        if (this.#queue.length > 0) this.#schedule();
      });
    }, this.#retryMs);
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    let recordedNow = 0;
    try {
      for (let pending = this.#queue[0]; pending !== undefined; pending = this.#queue[0]) {
        try {
          const recorded = await this.#options.store.recordAttempt(pending.result, pending.now);
          this.#queue.shift();
          recordedNow += 1;
          pending.resolve(recorded);
        } catch (error) {
          if (error instanceof StoreFaultError) {
            this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
            return;
          }
          this.#queue.shift();
          pending.reject(error);
        }
      }
      this.#retryMs = RETRY_MIN_MS;
      if (recordedNow > 0) this.#options.log(`the store takes writes again: the ${recordedNow} attempts held meanwhile are recorded`);
    } finally {
      this.#flushing = false;
    }
  }
}
