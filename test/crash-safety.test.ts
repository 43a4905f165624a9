import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { mapWithConcurrency } from '../src/util/map-with-concurrency.ts';
import { spawnGateway } from './support/child-gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const EVENTS = 2_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const graphql = postGraphql;

describe('a crash loses nothing', () => {
  it('kill -9 mid-run, restart: every published event arrives at least once and every delivery SUCCEEDED', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start({ delayMs: 8 });
    cleanups.push(() => receiver.close());
    const env = {
      DATA_DIR: data.dir,
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      // Slow enough that the kill lands while deliveries are still under way.
      HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: '4',
      // This test is the load: the per-client rate limit would otherwise be what it measures.
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '100000000',
      HOOKGATE_RATE_LIMIT_BURST: '100000',
    };

    const first = spawnGateway(env);
    cleanups.push(() => void first.process.kill('SIGKILL'));
    await first.ready;
    await graphql(first.origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    await graphql(
      first.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }',
      { url: receiver.url() },
    );
    const published = await mapWithConcurrency(Array.from({ length: EVENTS }, (_, i) => i), 16, async (i) => {
      const result = await graphql(
        first.origin,
        'mutation ($payload: JSON!) { publishEvent(input: { event: "order.created", payload: $payload }) { ... on PublishEventSuccess { event { id } } } }',
        { payload: { i } },
      );
      return result.publishEvent.event.id as string;
    });
    expect(new Set(published).size).toBe(EVENTS);

    const delivered = () => receiver.uniqueMessageIds().size;
    await waitFor(() => delivered() >= EVENTS / 4, 30_000, 5);
    first.process.kill('SIGKILL');
    await first.exited;
    const atKill = delivered();
    expect(atKill).toBeLessThan(EVENTS); // the kill really was mid-run

    const second = spawnGateway(env);
    cleanups.push(() => void second.process.kill('SIGKILL'));
    await second.ready;
    await waitFor(() => delivered() === EVENTS, 60_000, 20);
    expect(receiver.uniqueMessageIds()).toEqual(new Set(published));

    // Let the last attempts be recorded, then stop cleanly and read the store.
    await waitFor(async () => {
      const pending = await graphql(second.origin, '{ deliveries(status: PENDING, first: 1) { edges { cursor } } }');
      return pending.deliveries.edges.length === 0;
    });
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = SqliteStore.open(data.dir);
    try {
      const all = await store.listDeliveries({ tenant: 'default', first: EVENTS + 10, after: null });
      expect(all).toHaveLength(EVENTS);
      expect(all.every((delivery) => delivery.status === 'SUCCEEDED')).toBe(true);
      console.log(`crash test: ${atKill} of ${EVENTS} delivered before kill -9; ${receiver.requests.length} requests in all`);
    } finally {
      await store.close();
    }
  }, 120_000);
});
