/**
 * When to try a delivery again. The schedule lists the delay before each attempt of a series:
 * the first is usually 0 (immediately); after the last, the delivery is FAILED.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "0,5s,5m,30m,2h" into milliseconds; throws naming the bad part. */
export function parseSchedule(text: string): number[] {
  const delays = text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(part);
    if (!match?.[1]) throw new Error(`"${part.trim()}" is not a duration like 500ms, 5s, 5m, 2h or 1d`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
  });
  if (delays.length === 0) throw new Error('must list at least one delay');
  return delays;
}

export interface RetryPolicy {
  /** Delay before each attempt of a series; its length is the number of attempts. */
  schedule: readonly number[];
  /** ± fraction applied to each delay, e.g. 0.2 for ± 20 %. */
  jitter: number;
  /** The longest Retry-After (on 429/503) that is honoured; longer ones are cut to this. */
  maxRetryAfterMs: number;
}

/**
 * The delay before the attempt that follows `attemptsMade` attempts of the series, or null
 * when the schedule is used up. A Retry-After asks for a later time, never an earlier one.
 */
export function nextDelayMs(policy: RetryPolicy, attemptsMade: number, retryAfterMs: number | null, random = Math.random): number | null {
  const base = policy.schedule[attemptsMade];
  if (base === undefined) return null;
  const jittered = base * (1 - policy.jitter + 2 * policy.jitter * random());
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}
