/**
 * The baseline: plain undici POSTs of the same size to the same receiver with the same
 * concurrency as the gateway's worker, with no store, no signing and no bookkeeping. What it
 * reaches is the most this machine's loopback HTTP allows the gateway.
 */
import { Agent, request } from 'undici';
import { BENCH_EVENT_TYPE, benchPayload } from './delivery-backlog.ts';

export interface BareLoopOptions {
  /** Target URLs, used in turn (one per endpoint of the scenario). */
  urls: readonly string[];
  /** Requests in all. */
  total: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/** Sends `total` POSTs with distinct `webhook-id`s; returns how many failed. */
export async function runBareLoop(options: BareLoopOptions): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const timestamp = new Date().toISOString();
  const signatureLike = `v1,${'A'.repeat(43)}=`;
  let next = 0;
  let failures = 0;
  const runner = async () => {
    while (next < options.total) {
      const i = next++;
      try {
        const response = await request(options.urls[i % options.urls.length]!, {
          method: 'POST',
          dispatcher: agent,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Hookgate/0.1 (+webhooks)',
            'webhook-id': `bare_${i}`,
            'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
            'webhook-signature': signatureLike,
          },
          body: JSON.stringify({ type: BENCH_EVENT_TYPE, timestamp, data: benchPayload(i) }),
        });
        await response.body.dump();
        if (response.statusCode >= 300) failures += 1;
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, runner));
  await agent.close();
  return failures;
}
