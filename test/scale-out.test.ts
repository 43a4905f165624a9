/**
 * Several gateway instances on one PostgreSQL store and one Redis: they share the delivery
 * work, never attempt one delivery at the same time, take over a killed instance's work when
 * its leases run out, and a subscriber on one instance sees the attempts every instance makes.
 */
import { randomBytes } from 'node:crypto';
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { mapWithConcurrency } from '../src/util/map-with-concurrency.ts';
import { type ChildGateway, spawnGateway } from './support/child-gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { REDIS_UNAVAILABLE, REDIS_URL } from './support/redis-backend.ts';
import { POSTGRES_UNAVAILABLE, POSTGRES_URL, freshSchemaName, standInIfUnavailable } from './support/store-backends.ts';
import { waitForOpenSubscriptions } from './support/metrics.ts';
import { waitFor, waitWhileProgressing } from './support/wait-for.ts';

const EVENTS = 5_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const graphql = postGraphql;

describe('three instances on PostgreSQL and Redis', () => {
  if (standInIfUnavailable(POSTGRES_UNAVAILABLE ?? REDIS_UNAVAILABLE)) return;

  it('share the work, survive kill -9 of one, and stream every attempt to a subscriber on another', async () => {
    const schema = freshSchemaName();
    cleanups.push(() => PostgresStore.dropSchema(POSTGRES_URL, schema));
    const data = tempDataDir();
    cleanups.push(data.remove);

    // The receiver fails about one first attempt in seven, so retries cross instances too, and
    // counts any delivery that arrives while another attempt of it is still in flight.
    const failedOnce = new Set<string>();
    const receiver = await Receiver.start({ delayMs: 2 });
    cleanups.push(() => receiver.close());
    receiver.options.respond = (req) => {
      const id = String(req.headers['webhook-id']);
      if (Number.parseInt(id.slice(-2), 16) % 7 === 0 && !failedOnce.has(id)) {
        failedOnce.add(id);
        return { status: 500 };
      }
      return { status: 204 };
    };

    const env = {
      DATA_DIR: data.dir,
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      HOOKGATE_SECRET_KEY: randomBytes(32).toString('base64'),
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      HOOKGATE_RETRY_SCHEDULE: '0,200ms,200ms,200ms',
      HOOKGATE_DELIVERY_LEASE_MS: '3000',
      HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: '8',
      // This test is the load: the per-client rate limit would otherwise be what it measures.
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '100000000',
      HOOKGATE_RATE_LIMIT_BURST: '100000',
    };
    const instances: ChildGateway[] = [];
    for (let i = 0; i < 3; i++) {
      const instance = spawnGateway(env);
      cleanups.push(() => void instance.process.kill('SIGKILL'));
      await instance.ready;
      instances.push(instance);
    }
    const [a, b, c] = instances as [ChildGateway, ChildGateway, ChildGateway];

    await graphql(a.origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    await graphql(
      b.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }',
      { url: receiver.url() },
    );

    // A subscriber on instance B.
    const seenAttempts = new Set<string>();
    let connections = 0;
    const ws = createWsClient({
      url: `${b.origin.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      on: { connected: () => void (connections += 1) },
    });
    cleanups.push(() => ws.dispose());
    cleanups.push(
      ws.subscribe<{ deliveryEvents: { attemptId: string } }>(
        { query: 'subscription { deliveryEvents { attemptId } }' },
        { next: (r) => void (r.data && seenAttempts.add(r.data.deliveryEvents.attemptId)), error: () => {}, complete: () => {} },
      ),
    );
    await waitForOpenSubscriptions(b.origin, 1);

    // Publish through all three instances; kill C once a quarter has arrived. What C can no
    // longer take is published through A instead, so all 5,000 events are accepted.
    let killed = false;
    const publishOne = async (origin: string, i: number) => {
      const result = await graphql(
        origin,
        'mutation ($payload: JSON!) { publishEvent(input: { event: "order.created", payload: $payload }) { ... on PublishEventSuccess { event { id } } } }',
        { payload: { i } },
      );
      return result.publishEvent.event.id as string;
    };
    const publishers = mapWithConcurrency(Array.from({ length: EVENTS }, (_, i) => i), 24, async (i) => {
      const target = [a, b, c][i % 3]!;
      if (target === c && killed) return publishOne(a.origin, i);
      try {
        return await publishOne(target.origin, i);
      } catch (error) {
        if (target === c && killed) return publishOne(a.origin, i); // in flight when C died: never acknowledged
        throw error;
      }
    });
    const received = () => receiver.uniqueMessageIds().size;
    await waitWhileProgressing(() => received() >= EVENTS / 4, received, 60_000, 10);
    killed = true;
    const killedAt = Date.now();
    c.process.kill('SIGKILL');
    await c.exited;
    const accepted = await publishers;
    expect(new Set(accepted).size).toBe(EVENTS);

    // However long a busy machine takes, as long as deliveries keep arriving.
    // One set per poll, not one per id: that kept the receiver, in this process, from answering.
    const allArrived = () => {
      const arrived = receiver.uniqueMessageIds();
      return accepted.every((id) => arrived.has(id));
    };
    await waitWhileProgressing(allArrived, received, 60_000).catch((error: Error) => {
      const state = (name: string, instance: ChildGateway) => `${name}: exit code ${instance.process.exitCode}, output ends:\n${instance.output().slice(-1500)}`;
      throw new Error(`${error.message}\n${state('A', a)}\n${state('B', b)}`);
    });
    expect(receiver.overlaps).toBe(0);

    // Every attempt recorded in the store reached the subscriber on B.
    const store = await PostgresStore.open({ connectionString: POSTGRES_URL, schema, maxConnections: 2 });
    try {
      await waitFor(async () => (await store.queueStats()).pending === 0, 60_000);
      const deliveries = await store.listDeliveries({ tenant: 'default', first: EVENTS + 10, after: null });
      const acceptedSet = new Set(accepted);
      expect(deliveries.filter((d) => acceptedSet.has(d.eventId)).every((d) => d.status === 'SUCCEEDED')).toBe(true);
      const attempts = await store.getAttempts(deliveries.map((d) => d.id));
      await waitWhileProgressing(() => attempts.every((attempt) => seenAttempts.has(attempt.id)), () => seenAttempts.size, 90_000).catch(() => {});
      const missing = attempts.filter((attempt) => !seenAttempts.has(attempt.id));
      // Listed with their start relative to the kill, should an attempt recorded by C in its last instant ever go unpublished.
      if (missing.length > 0) console.log(`scale-out: ${missing.length} attempts missed; the subscriber connected ${connections} times; B's output ends:\n${b.output().slice(-3000)}`);
      expect(missing.map((attempt) => `${attempt.id} started ${attempt.startedAt.getTime() - killedAt} ms after the kill`)).toEqual([]);
      console.log(`scale-out: ${accepted.length} events accepted, ${attempts.length} attempts, ${receiver.requests.length} requests`);
    } finally {
      await store.close();
    }
  }, 900_000);
});
