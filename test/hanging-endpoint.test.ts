/**
 * A receiver that accepts connections and never answers must not delay the other endpoints:
 * the gateway runs as its own process, events are published at a steady rate over HTTP, and a
 * healthy endpoint's publish→delivered latency is measured before and while others hang.
 *
 * Small worker limits and a short attempt timeout keep it quick: they are what the defaults
 * (256 / 64 / 15 s) are at a smaller scale. Before the fix, deliveries queued behind the hanging
 * endpoints' limit filled the global slots and the healthy endpoint waited for the timeouts
 * (about 5 s here, 20 s at 50 events/s with the defaults).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnGateway } from './support/child-gateway.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { HangingReceiver } from './support/hanging-receiver.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TIMEOUT_MS = 6_000;
/** Far above a healthy delivery on a busy machine, far below the attempt timeout the old worker waited for. */
const LATENCY_BOUND_MS = 3_000;

const CREATE_WEBHOOK = `mutation ($url: String!) {
  createWebhook(input: { provider: LOCAL, url: $url, events: ["order.created"] }) { __typename ... on CreateWebhookSuccess { webhook { id } } }
}`;
const PUBLISH = `mutation ($payload: JSON!) {
  publishEvent(input: { event: "order.created", payload: $payload }) { __typename ... on PublishEventSuccess { event { id } } }
}`;

/** Publishes at `perSecond` for `durationMs` without waiting for answers (open loop); returns when each event was sent. */
async function publishSteadily(origin: string, perSecond: number, durationMs: number): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const publishes: Promise<void>[] = [];
  const total = Math.round((perSecond * durationMs) / 1000);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    const at = performance.now();
    publishes.push(
      postGraphql(origin, PUBLISH, { payload: { i } }).then((data) => {
        if (data.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(JSON.stringify(data.publishEvent));
        sentAt.set(data.publishEvent.event.id as string, at);
      }),
    );
  }
  await Promise.all(publishes);
  return sentAt;
}

/**
 * Publish→delivered of each event at `receiver`, sorted, once every one has arrived; an event
 * that has not arrived 20 s after the last publish counts as Infinity.
 */
async function latencies(receiver: Receiver, sentAt: ReadonlyMap<string, number>): Promise<number[]> {
  const arrivedAt = () => new Map(receiver.requests.map((r) => [String(r.headers['webhook-id']), r.receivedAt]));
  await waitFor(() => [...sentAt.keys()].every((id) => arrivedAt().has(id)), 20_000, 100).catch(() => {});
  const arrivals = arrivedAt();
  return [...sentAt].map(([id, at]) => (arrivals.get(id) ?? Number.POSITIVE_INFINITY) - at).sort((a, b) => a - b);
}

const p99 = (sorted: readonly number[]) => sorted[Math.ceil(sorted.length * 0.99) - 1]!;

describe('hanging endpoints', () => {
  it.each([
    { hanging: 1, perSecond: 20 },
    { hanging: 4, perSecond: 10 },
  ])('leave a healthy endpoint its latency ($hanging hanging, $perSecond events/s)', { timeout: 120_000 }, async ({ hanging, perSecond }) => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const healthy = await Receiver.start();
    cleanups.push(() => healthy.close());
    const hangs = await HangingReceiver.start();
    cleanups.push(() => hangs.close());
    const gateway = spawnGateway({
      DATA_DIR: data.dir,
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
      HOOKGATE_DELIVERY_CONCURRENCY: '16',
      HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: '4',
      HOOKGATE_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    cleanups.push(async () => {
      gateway.process.kill('SIGKILL');
      await gateway.exited;
    });
    await gateway.ready;
    await postGraphql(gateway.origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    await postGraphql(gateway.origin, CREATE_WEBHOOK, { url: healthy.url('/healthy') });

    const baseline = await latencies(healthy, await publishSteadily(gateway.origin, perSecond, 3_000));

    for (let i = 0; i < hanging; i++) await postGraphql(gateway.origin, CREATE_WEBHOOK, { url: hangs.url(`/hanging-${i}`) });
    const during = await latencies(healthy, await publishSteadily(gateway.origin, perSecond, TIMEOUT_MS + 2_000));

    // The hanging endpoints were really tried, and held requests open while the healthy one was measured.
    expect(hangs.received.size).toBe(hanging);
    console.log(
      `${hanging} hanging at ${perSecond}/s: healthy p99 ${p99(baseline).toFixed(0)} ms alone,` +
        ` ${p99(during).toFixed(0)} ms beside them (max ${during.at(-1)!.toFixed(0)} ms); hanging requests ${[...hangs.received.values()]}`,
    );
    expect(during.at(-1)).toBeLessThan(LATENCY_BOUND_MS);
    expect(p99(during)).toBeLessThanOrEqual(2 * p99(baseline) + 500);
  });
});
