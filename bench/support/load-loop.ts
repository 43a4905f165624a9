/**
 * A closed-loop load generator: `concurrency` workers each send one request, wait for it to
 * finish, and send the next, until the window's time or request budget is spent.
 */
import { LatencyRecorder } from './latency-recorder.ts';

export interface LoadOptions {
  /** Requests kept in flight at once (workers). */
  concurrency: number;
  /** No request starts after this many ms; those in flight are awaited. */
  durationMs: number;
  /** No request starts once this many have started; default unbounded (time decides). */
  maxRequests?: number;
  /** The window stops early once this many requests failed; default 10. */
  maxErrors?: number;
  /**
   * Sends one request and resolves once its response is fully read and checked; a rejection
   * counts as an error and its latency is not recorded.
   */
  send: () => Promise<void>;
}

export interface LoadResult {
  /** Requests that succeeded. */
  completed: number;
  errors: number;
  /** The first failure, to show why a window stopped early. */
  firstError: unknown;
  /** From the first start to the last completion. */
  elapsedMs: number;
  /** Successful requests per second of elapsed time. */
  requestsPerSecond: number;
  latencies: LatencyRecorder;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  checkPositiveInteger('concurrency', options.concurrency);
  checkPositiveInteger('durationMs', options.durationMs);
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const maxErrors = options.maxErrors ?? 10;
  if (maxRequests !== Number.POSITIVE_INFINITY) checkPositiveInteger('maxRequests', maxRequests);
  checkPositiveInteger('maxErrors', maxErrors);

  const latencies = new LatencyRecorder();
  let started = 0;
  let completed = 0;
  let errors = 0;
  let firstError: unknown;
  const start = performance.now();
  const deadline = start + options.durationMs;

  const worker = async () => {
    while (started < maxRequests && errors < maxErrors && performance.now() < deadline) {
      started += 1;
      const sentAt = performance.now();
      try {
        await options.send();
        latencies.record(performance.now() - sentAt);
        completed += 1;
      } catch (error) {
        if (errors === 0) firstError = error;
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const elapsedMs = performance.now() - start;
  return { completed, errors, firstError, elapsedMs, requestsPerSecond: (completed / elapsedMs) * 1000, latencies };
}

/** Pools windows measured separately (e.g. alternating rounds) into one result. */
export function combineLoadResults(results: readonly LoadResult[]): LoadResult {
  const latencies = new LatencyRecorder();
  let completed = 0;
  let errors = 0;
  let elapsedMs = 0;
  let firstError: unknown;
  for (const result of results) {
    latencies.merge(result.latencies);
    completed += result.completed;
    errors += result.errors;
    elapsedMs += result.elapsedMs;
    firstError ??= result.firstError;
  }
  return {
    completed,
    errors,
    firstError,
    elapsedMs,
    requestsPerSecond: elapsedMs > 0 ? (completed / elapsedMs) * 1000 : Number.NaN,
    latencies,
  };
}
