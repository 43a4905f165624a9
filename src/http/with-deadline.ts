/**
 * Runs `work` with a signal that aborts (TimeoutError) after `ms`, and clears the timer once
 * the work settles. That is what AbortSignal.timeout(ms) does, except that AbortSignal.timeout
 * keeps each timer, its signal and whatever listens to it (the request, its response) alive
 * for the full timeout: at hundreds of calls a second that is tens of megabytes that survive
 * every young-generation GC, which then costs more than the calls themselves.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
