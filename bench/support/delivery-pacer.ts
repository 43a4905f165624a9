/**
 * Open-loop pacing: calls `send(i)` at a fixed rate whether or not earlier sends have finished,
 * so a slow system under test shows up as latency, not as a lower rate (no coordinated omission).
 */

export interface PaceOptions {
  perSecond: number;
  durationMs: number;
}

export interface PaceResult {
  sent: number;
  achievedRate: number;
  /** Sends that threw, and the first error. */
  failures: number;
  firstError: unknown;
}

/** Sends `perSecond × durationMs / 1000` times, then waits for every send. */
export async function runPaced(options: PaceOptions, send: (i: number) => Promise<void>): Promise<PaceResult> {
  const total = Math.round((options.perSecond * options.durationMs) / 1000);
  const pending: Promise<void>[] = [];
  let failures = 0;
  let firstError: unknown = null;
  const fail = (error: unknown) => {
    if (failures++ === 0) firstError = error;
  };
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * options.perSecond) / 1000) + 1);
    while (sent < due) pending.push(send(sent++).catch(fail));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return { sent, achievedRate: total / seconds, failures, firstError };
}

/** A timestamp comparable across processes on one machine, with sub-millisecond resolution. */
export const wallClock = (): number => performance.timeOrigin + performance.now();
