/**
 * An inbound event answered 2xx is durable: kill -9 of the gateway right after it answered a
 * burst, then a restart, loses none of the events and none of their forwards.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { mapWithConcurrency } from '../src/util/map-with-concurrency.ts';
import { spawnGateway } from './support/child-gateway.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const EVENTS = 1_000;
const ENDPOINT_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('inbound events survive a crash', () => {
  it('kill -9 right after 1,000 events were answered 2xx: after a restart every one is stored and every forward delivered', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start({ secret: ENDPOINT_SECRET, delayMs: 5 });
    cleanups.push(() => receiver.close());
    const env = {
      DATA_DIR: data.dir,
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      // Forwards trail the inbound answers, so the kill lands while many are still to be sent.
      HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: '2',
      // This test is the burst: the inbound bounds would otherwise be what it measures.
      HOOKGATE_INBOUND_BURST: '100000',
      HOOKGATE_INBOUND_RATE_PER_MINUTE: '100000000',
    };

    const first = spawnGateway(env);
    cleanups.push(() => void first.process.kill('SIGKILL'));
    await first.ready;
    const created = await postGraphql(
      first.origin,
      `mutation { createInboundSource(input: { provider: SHIPPO, events: ["track_updated"], registerUpstream: false }) {
         ... on CreateInboundSourceSuccess { source { id url } } } }`,
    );
    const sourcePath = new URL(created.createInboundSource.source.url);
    await postGraphql(
      first.origin,
      'mutation ($url: String!, $secret: String) { createWebhook(input: { provider: LOCAL, url: $url, events: ["shippo.*"], secret: $secret }) { __typename } }',
      { url: receiver.url('/forwarded'), secret: ENDPOINT_SECRET },
    );

    const answered = await mapWithConcurrency(Array.from({ length: EVENTS }, (_, i) => i), 16, async (i) => {
      const response = await request(`${first.origin}${sourcePath.pathname}${sourcePath.search}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'track_updated', test: false, data: { i } }),
      });
      const body = (await response.body.json()) as { id: string };
      expect(response.statusCode).toBe(200);
      return body.id;
    });
    first.process.kill('SIGKILL');
    await first.exited;
    const forwardedAtKill = receiver.uniqueMessageIds().size;
    expect(forwardedAtKill).toBeLessThan(EVENTS); // the kill really left forwards to do

    const second = spawnGateway(env);
    cleanups.push(() => void second.process.kill('SIGKILL'));
    await second.ready;
    const stored = new Set<string>();
    let after: string | null = null;
    do {
      const page: { providerEvents: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        (await postGraphql(second.origin, 'query ($after: String) { providerEvents(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }', {
          after,
        })) as never;
      for (const node of page.providerEvents.nodes) stored.add(node.id);
      after = page.providerEvents.pageInfo.hasNextPage ? page.providerEvents.pageInfo.endCursor : null;
    } while (after !== null);
    expect(stored).toEqual(new Set(answered));

    await waitFor(() => receiver.uniqueMessageIds().size === EVENTS, 120_000, 50);
    const forwardedIds = new Set(receiver.requests.map((r) => (JSON.parse(r.body) as { data: { id: string } }).data.id));
    expect(forwardedIds).toEqual(new Set(answered));
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    // The restarted gateway knows the source it did not create.
    const afterRestart = await request(`${second.origin}${sourcePath.pathname}${sourcePath.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'track_updated', test: false, data: { i: EVENTS } }),
    });
    await afterRestart.body.dump();
    expect(afterRestart.statusCode).toBe(200);
    await waitFor(() => receiver.uniqueMessageIds().size === EVENTS + 1, 60_000, 50);

    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const store = SqliteStore.open(data.dir);
    try {
      const deliveries = await store.listDeliveries({ tenant: 'default', first: EVENTS + 10, after: null });
      expect(deliveries).toHaveLength(EVENTS + 1);
      console.log(`inbound crash test: ${forwardedAtKill} of ${EVENTS} forwarded before kill -9`);
    } finally {
      await store.close();
    }
  }, 300_000);
});
