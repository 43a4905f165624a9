/**
 * Redis going away under a gateway (and coming back), on a Redis server of the test's own:
 * the process stays up, publishing and delivery go on (Redis only carries delivery events
 * between instances), and a subscriber still sees every attempt. Redis already survived this;
 * the test keeps it so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnGateway } from './support/child-gateway.ts';
import { freePort } from './support/free-port.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { httpStatus, rawGraphql } from './support/raw-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => existsSync(file));
if (!REDIS_SERVER) console.warn('Skipping the Redis outage test: no redis-server binary');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


/** A throwaway Redis on `port`, resolved once it accepts connections. */
async function startRedis(binary: string, port: number): Promise<ChildProcess> {
  const redis = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  redis.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => /Ready to accept connections/.test(output) || redis.exitCode !== null, 30_000);
  if (redis.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
  return redis;
}

const PUBLISH = `mutation ($payload: JSON!) {
  publishEvent(input: { event: "order.created", payload: $payload }) { __typename ... on PublishEventSuccess { event { id } } }
}`;

describe('a Redis outage', () => {
  if (!REDIS_SERVER) {
    it.skip('skipped: no redis-server binary', () => {});
    return;
  }

  it('keeps the gateway up and delivering, and subscribers served, while Redis is gone and after it returns', async () => {
    const port = await freePort();
    let redis = await startRedis(REDIS_SERVER, port);
    cleanups.push(() => void redis.kill('SIGKILL'));
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());

    const gateway = spawnGateway({
      DATA_DIR: data.dir,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
    });
    cleanups.push(() => void gateway.process.kill('SIGKILL'));
    await gateway.ready;
    const { origin } = gateway;
    await rawGraphql(origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    await rawGraphql(origin, 'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }', {
      url: receiver.url(),
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
    const publish = async (i: number) => {
      const answer = await rawGraphql(origin, PUBLISH, { payload: { i } });
      expect(answer.data?.publishEvent.__typename).toBe('PublishEventSuccess');
      return answer.data?.publishEvent.event.id as string;
    };
    const deliveredAndSeen = (ids: string[]) =>
      waitFor(() => ids.every((id) => receiver.uniqueMessageIds().has(id) && seen.has(id)), 60_000, 50);

    // Once the subscription has started, it sees what is published.
    await waitFor(async () => {
      await publish(0);
      return seen.size > 0;
    }, 30_000, 300);

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    await waitFor(() => /Redis connection error/.test(gateway.output()), 30_000);
    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => publish(1 + i)));
    await deliveredAndSeen(during);
    expect(await httpStatus(origin, '/healthz')).toBe(200);
    expect(await httpStatus(origin, '/readyz')).toBe(200);

    redis = await startRedis(REDIS_SERVER, port);
    const after = await Promise.all(Array.from({ length: 20 }, (_, i) => publish(100 + i)));
    await deliveredAndSeen(after);
    expect(gateway.process.exitCode).toBeNull();
    expect(gateway.output()).not.toMatch(/Unhandled/);
  }, 180_000);
});
