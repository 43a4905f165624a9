/**
 * Two deployments, each with a store of its own, on one Redis (staging and production on a
 * company's Redis; two test suites on a CI machine's): a subscriber sees its own deployment's
 * events only. Both deployments number their attempts from 1 and both have a `default` tenant,
 * so an event crossing over would reach the wrong team and, taking its seq, hide one of theirs.
 */
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ChildGateway, spawnGateway } from './support/child-gateway.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { waitForOpenSubscriptions } from './support/metrics.ts';
import { rawGraphql } from './support/raw-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { REDIS_UNAVAILABLE, REDIS_URL } from './support/redis-backend.ts';
import { standInIfUnavailable } from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Deployment {
  gateway: ChildGateway;
  /** The event ids its deliveryEvents subscriber has seen. */
  seen: Set<string>;
  publish(): Promise<string>;
}

async function startDeployment(receiverUrl: string): Promise<Deployment> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const gateway = spawnGateway({ DATA_DIR: data.dir, REDIS_URL, HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST });
  cleanups.push(() => void gateway.process.kill('SIGKILL'));
  await gateway.ready;
  const { origin } = gateway;
  await rawGraphql(origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
  await rawGraphql(origin, 'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }', {
    url: receiverUrl,
  });
  const seen = new Set<string>();
  const ws = createWsClient({ url: `${origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
  cleanups.push(() => ws.dispose());
  cleanups.push(
    ws.subscribe<{ deliveryEvents: { eventId: string } }>(
      { query: 'subscription { deliveryEvents { eventId } }' },
      { next: (r) => void (r.data && seen.add(r.data.deliveryEvents.eventId)), error: (error) => console.error('subscription failed', error), complete: () => {} },
    ),
  );
  await waitForOpenSubscriptions(origin, 1);
  const publish = async () => {
    const answer = await rawGraphql(
      origin,
      'mutation { publishEvent(input: { event: "order.created", payload: {} }) { __typename ... on PublishEventSuccess { event { id } } } }',
    );
    expect(answer.data?.publishEvent.__typename).toBe('PublishEventSuccess');
    return answer.data?.publishEvent.event.id as string;
  };
  return { gateway, seen, publish };
}

describe('two deployments on one Redis', () => {
  if (standInIfUnavailable(REDIS_UNAVAILABLE)) return;

  it("never see each other's delivery events", async () => {
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    const staging = await startDeployment(receiver.url());
    const production = await startDeployment(receiver.url());

    // Once staging's own subscriber has its event, Redis has sent it to every subscriber then,
    // production's included, ahead of anything production publishes after.
    const stagingEvent = await staging.publish();
    await waitFor(() => staging.seen.has(stagingEvent), 60_000, 20);
    const productionEvent = await production.publish();
    await waitFor(() => production.seen.has(productionEvent), 60_000, 20);

    expect([...production.seen]).toEqual([productionEvent]);
    expect([...staging.seen]).toEqual([stagingEvent]);
  }, 180_000);
});
