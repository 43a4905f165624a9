/**
 * Opening the store at start, when the database may not be up yet (started together with the
 * gateway, restarting) or its disk is full: instead of exiting, wait with backoff and say so.
 */
import type { Logger } from '../observability/logger.ts';
import type { FaultClassifier } from './store-fault.ts';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

export interface StartupWaitOptions {
  classify: FaultClassifier;
  /** How long to keep trying; 0 fails at the first fault. */
  maxWaitMs: number;
  /** What is being opened, for the log: e.g. `PostgreSQL at db:5432`. */
  what: string;
  logger: Pick<Logger, 'warn'>;
}

/** Resolves with what `open` opened; rethrows its error when it is no fault or the wait is over. */
export async function openWhenAvailable<T>(open: () => Promise<T>, options: StartupWaitOptions): Promise<T> {
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await open();
    } catch (error) {
      const fault = options.classify(error);
      const waited = Date.now() - started;
      if (fault === null || waited + delay > options.maxWaitMs) throw error;
      options.logger.warn(
        { cause: fault.reason, attempt, waitedMs: waited },
        `Waiting for the store: ${options.what} is ${fault.kind === 'full' ? 'full' : 'unavailable'} (${fault.reason}); trying again in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(MAX_DELAY_MS, delay * 2);
    }
  }
}
