/**
 * Calls collected into batches: those of one turn of the event loop, and those that arrive while
 * earlier batches are being written, each batch written at once (attempt-batch.ts,
 * provider-event-batch.ts). At most BATCHES_IN_FLIGHT are written at a time; the calls that
 * arrive meanwhile wait for the next one.
 */
const BATCHES_IN_FLIGHT = 2;

export interface TurnBatchesOptions<W> {
  /** The next batch out of the waiting calls (oldest first), and the calls left waiting. */
  take(waiting: readonly W[]): { batch: W[]; rest: W[] };
  /** Writes a batch and settles each of its calls; never rejects. */
  write(batch: W[]): Promise<void>;
}

/** The oldest `max` waiting calls. */
export function oldest<W>(max: number): TurnBatchesOptions<W>['take'] {
  return (waiting) => ({ batch: waiting.slice(0, max), rest: waiting.slice(max) });
}

export class TurnBatches<W> {
  readonly #options: TurnBatchesOptions<W>;
  #waiting: W[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(options: TurnBatchesOptions<W>) {
    this.#options = options;
  }

  add(call: W): void {
    this.#waiting.push(call);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#next();
    });
  }

  #next(): void {
    while (this.#inFlight < BATCHES_IN_FLIGHT && this.#waiting.length > 0) {
      const { batch, rest } = this.#options.take(this.#waiting);
      this.#waiting = rest;
      this.#inFlight += 1;
      void this.#options.write(batch).finally(() => {
        this.#inFlight -= 1;
        this.#next();
      });
    }
  }
}
