/**
 * Whether the store takes writes, as the gateway last found out: readiness and the
 * `hookgate_store_writable` gauge report it. A fault (see store-fault.ts) marks the store
 * unavailable or full at once; from then on a probe runs every second (and whenever readiness
 * is asked) until a write succeeds again. Ordinary calls that happen to succeed meanwhile do not
 * end the fault: after a failed write, a smaller one can fit in the space it left, so only the
 * probe, which asks for real headroom, decides.
 */
import type { Logger } from '../observability/logger.ts';
import type { StoreFault, StoreFaultKind } from './store-fault.ts';

export type StoreCondition = 'ok' | StoreFaultKind;

export interface StoreHealthOptions {
  /** Resolves when the store answers and takes a write; reports its own faults through `fault()`. */
  probe: () => Promise<void>;
  logger: Pick<Logger, 'error' | 'info'>;
  /** How often to probe while a fault lasts. Default 1 000. */
  probeEveryMs?: number;
}

export class StoreHealth {
  readonly #options: StoreHealthOptions;
  #condition: StoreCondition = 'ok';
  #faultSince = 0;
  #timer: NodeJS.Timeout | null = null;
  #probing: Promise<void> | null = null;
  #closed = false;

  constructor(options: StoreHealthOptions) {
    this.#options = options;
  }

  get condition(): StoreCondition {
    return this.#condition;
  }

  get writable(): boolean {
    return this.#condition === 'ok';
  }

  /** A call failed for this reason: the store is unavailable or full until a probe succeeds. */
  fault(fault: StoreFault): void {
    if (fault.kind === this.#condition) return;
    const first = this.#condition === 'ok';
    if (first) this.#faultSince = Date.now();
    this.#condition = fault.kind;
    const consequence =
      fault.kind === 'full'
        ? 'writes fail with STORAGE_FULL until space is freed'
        : 'calls that need it fail with STORE_UNAVAILABLE until it is back';
    this.#options.logger.error(
      { cause: fault.reason, condition: fault.kind },
      `${fault.kind === 'full' ? 'The storage is full' : 'The database is unavailable'} (${fault.reason}); ${consequence}`,
    );
    if (first) this.#scheduleProbe();
  }

  /** Probes now unless the store is known to be fine (readiness); resolves with the condition after it. */
  async check(): Promise<StoreCondition> {
    if (this.#condition !== 'ok') await this.#probe();
    return this.#condition;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #scheduleProbe(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#probe().then(() => {
        if (this.#condition !== 'ok') this.#scheduleProbe();
      });
    }, this.#options.probeEveryMs ?? 1_000);
    this.#timer.unref();
  }

  #probe(): Promise<void> {
    this.#probing ??= this.#options
      .probe()
      .then(
        () => {
          if (this.#condition === 'ok') return;
          const was = this.#condition;
          this.#condition = 'ok';
          const seconds = ((Date.now() - this.#faultSince) / 1000).toFixed(1);
          this.#options.logger.info({ condition: 'ok', after: was }, `The store takes writes again, after ${seconds} s`);
        },
        () => undefined, // still failing: the probe reported why through fault()
      )
      .finally(() => (this.#probing = null));
    return this.#probing;
  }
}
