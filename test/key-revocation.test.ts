/**
 * `hookgate keys revoke`, run as a real child process, ends the revoked key's open graphql-ws
 * and graphql-sse subscriptions within a few seconds, on whichever instance they are open,
 * while another key's subscription keeps streaming; and once HOOKGATE_REVOCATION_CHECK_MS has
 * passed, every instance refuses the key's requests, though each had just accepted it. On
 * SQLite (one gateway) and on PostgreSQL (two gateways sharing the store).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { createApiKey } from '../src/auth/api-keys.ts';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { postGraphql } from './support/http-graphql.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { POSTGRES_UNAVAILABLE, POSTGRES_URL, freshSchemaName, standInIfUnavailable } from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';

/** HOOKGATE_REVOCATION_CHECK_MS of the gateways (the default). */
const REVOCATION_CHECK_MS = 1_000;

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SUBSCRIPTION = 'subscription { deliveryEvents { attemptId eventType } }';

interface Stream {
  events: number;
  errors: unknown[];
  /** The WebSocket close code, or 'complete' when the stream completed. */
  ended: number | 'complete' | null;
}

function sinkOf(stream: Stream) {
  return {
    next: (result: { errors?: readonly unknown[] }) => void (result.errors ? stream.errors.push(...result.errors) : (stream.events += 1)),
    error: (error: unknown) => void stream.errors.push(error),
    complete: () => void (stream.ended ??= 'complete'),
  };
}

function watchOverWs(origin: string, key: string): Stream {
  const stream: Stream = { events: 0, errors: [], ended: null };
  const client = createWsClient({
    url: `${origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    lazy: false,
    onNonLazyError: () => {}, // the close is what the test watches
    retryAttempts: 0,
    on: { closed: (event) => void (stream.ended ??= (event as { code: number }).code) },
  });
  cleanups.push(() => client.dispose());
  client.subscribe({ query: SUBSCRIPTION }, sinkOf(stream));
  return stream;
}

function watchOverSse(origin: string, key: string): Stream {
  const stream: Stream = { events: 0, errors: [], ended: null };
  const client = createSseClient({ url: `${origin}/graphql`, headers: { authorization: `Bearer ${key}` }, retryAttempts: 0 });
  cleanups.push(() => client.dispose());
  client.subscribe({ query: SUBSCRIPTION }, sinkOf(stream));
  return stream;
}

/** The HTTP status of a small query made with `key`. */
async function statusWith(origin: string, key: string): Promise<number> {
  const response = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ providers { name } }' }),
  });
  await response.body.dump();
  return response.statusCode;
}

async function revokeWithCli(env: Record<string, string>, keyId: string): Promise<void> {
  await promisify(execFile)(process.execPath, [CLI, 'keys', 'revoke', keyId], { env: { PATH: process.env.PATH ?? '', ...env } });
}

/**
 * Subscribes key A over WebSocket (on `wsGateway`) and SSE (on `sseGateway`) and key B over
 * WebSocket, revokes A with the CLI, and checks that A's streams end and B's goes on.
 */
async function revokeWhileSubscribed(gateways: { wsGateway: RunningGateway; sseGateway: RunningGateway }, cliEnv: Record<string, string>) {
  const { wsGateway, sseGateway } = gateways;
  const store = wsGateway.app.store;
  const revoked = await createApiKey(store, { tenant: 'acme', scopes: ['webhooks:read'] });
  const kept = (await createApiKey(store, { tenant: 'acme', scopes: ['admin'] })).token;
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  await postGraphql(wsGateway.origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }', {}, kept);
  await postGraphql(
    wsGateway.origin,
    'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }',
    { url: receiver.url() },
    kept,
  );
  const publish = () =>
    postGraphql(sseGateway.origin, 'mutation ($p: JSON!) { publishEvent(input: { event: "order.created", payload: $p }) { __typename } }', { p: {} }, kept);

  const ws = watchOverWs(wsGateway.origin, revoked.token);
  const sse = watchOverSse(sseGateway.origin, revoked.token);
  const other = watchOverWs(wsGateway.origin, kept);
  // Every stream is live once it has received an event published after it subscribed.
  await waitFor(async () => {
    await publish();
    return ws.events > 0 && sse.events > 0 && other.events > 0;
  }, 20_000, 300);

  // Each instance has just accepted the key over HTTP, so it may still trust it for a moment.
  for (const gateway of [wsGateway, sseGateway]) expect(await statusWith(gateway.origin, revoked.token)).toBe(200);
  await revokeWithCli(cliEnv, revoked.record.id);
  const revokedAt = Date.now();
  const revokedAtMonotonic = performance.now();
  await waitFor(() => ws.ended !== null && sse.ended !== null, 15_000);
  const tookMs = Date.now() - revokedAt;
  expect(tookMs).toBeLessThan(6_000);
  expect(ws.ended).toBe(4403);
  expect(sse.ended).toBe('complete');
  expect(sse.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/revoked/), extensions: { code: 'UNAUTHENTICATED' } })]);
  await waitFor(() => performance.now() - revokedAtMonotonic >= REVOCATION_CHECK_MS);
  for (const gateway of [wsGateway, sseGateway]) expect(await statusWith(gateway.origin, revoked.token)).toBe(401);

  const before = other.events;
  await waitFor(async () => {
    await publish();
    return other.events > before;
  }, 20_000, 300);
  expect(other.ended).toBeNull();
  const [wsEvents, sseEvents] = [ws.events, sse.events];
  await publish();
  await waitFor(() => other.events > before + 1, 20_000);
  expect([ws.events, sse.events]).toEqual([wsEvents, sseEvents]);
}

describe('revoking a key with the CLI', () => {
  it('ends its open subscriptions over graphql-ws (4403) and graphql-sse (an UNAUTHENTICATED error), not another key’s', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
    cleanups.push(() => gateway.stop());
    await revokeWhileSubscribed({ wsGateway: gateway, sseGateway: gateway }, { DATA_DIR: data.dir });
  });

  describe('with two instances on PostgreSQL', () => {
    if (standInIfUnavailable(POSTGRES_UNAVAILABLE)) return;

    it('ends the subscriptions on both instances', async () => {
      const schema = freshSchemaName();
      cleanups.push(() => PostgresStore.dropSchema(POSTGRES_URL, schema));
      const shared = { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, HOOKGATE_SECRET_KEY: randomBytes(32).toString('base64') };
      const instances: RunningGateway[] = [];
      for (let i = 0; i < 2; i++) {
        const data = tempDataDir();
        cleanups.push(data.remove);
        const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', ...shared }));
        cleanups.push(() => gateway.stop());
        instances.push(gateway);
      }
      await revokeWhileSubscribed({ wsGateway: instances[0]!, sseGateway: instances[1]! }, shared);
    });
  });
});
