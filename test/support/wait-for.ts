/** Polls `condition` until it holds, failing the test after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Polls `condition` until it holds, failing only when `progress()` has not changed for `stallMs`:
 * for work whose length depends on how busy the machine is, but which must keep moving.
 */
export async function waitWhileProgressing(
  condition: () => boolean | Promise<boolean>,
  progress: () => unknown,
  stallMs = 60_000,
  everyMs = 50,
): Promise<void> {
  let last = progress();
  let stalledSince = Date.now();
  while (!(await condition())) {
    const now = progress();
    if (now !== last) {
      last = now;
      stalledSince = Date.now();
    } else if (Date.now() - stalledSince > stallMs) {
      throw new Error(`no progress for ${stallMs} ms (stuck at ${String(now)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
