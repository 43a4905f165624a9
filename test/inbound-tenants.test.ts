/**
 * Inbound sources per tenant, bounds on floods, and resuming the providerEvents subscription,
 * through a real gateway with API keys (no provider doubles: sources are registered by hand, as
 * a tenant without the gateway's provider accounts does).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { freshSchemaName, POSTGRES_UNAVAILABLE, POSTGRES_URL, standInIfUnavailable } from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';
import { wsClient } from './support/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SHIPPO_SECRET = 'shippo-account-hmac-secret';

async function start(env: Record<string, string> = {}): Promise<RunningGateway> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  // Shippo "configured" for the upstream tenant only; its API is never called in these tests.
  const gateway = await startGateway(
    testConfig({
      DATA_DIR: data.dir,
      HOOKGATE_AUTH: 'on',
      SHIPPO_API_TOKEN: 'shippo_test_unused',
      SHIPPO_API_URL: 'http://127.0.0.1:9',
      SHIPPO_SIGNING_SECRET: SHIPPO_SECRET,
      ...env,
    }),
  );
  cleanups.push(() => gateway.stop());
  return gateway;
}

/** A Shippo delivery as Shippo signs it. */
function shippoDelivery(body: string, t = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/json',
    'shippo-auth-signature': `t=${t},v1=${createHmac('sha256', SHIPPO_SECRET).update(`${t}.${body}`).digest('hex')}`,
  };
}

async function deliver(url: string, body: string): Promise<{ status: number; retryAfter: string | null }> {
  const response = await request(url, { method: 'POST', headers: shippoDelivery(body), body });
  await response.body.dump();
  const retryAfter = response.headers['retry-after'];
  return { status: response.statusCode, retryAfter: typeof retryAfter === 'string' ? retryAfter : null };
}

const CREATE = `mutation ($input: CreateInboundSourceInput!) {
  createInboundSource(input: $input) {
    __typename
    ... on CreateInboundSourceSuccess { secret warning source { id url } }
    ... on Error { code message }
  }
}`;

describe('inbound sources and tenants', () => {
  it('keep each tenant to its own sources, events, streams and forwards; only the upstream tenant registers at providers', async () => {
    const gateway = await start();
    const keys = {
      owner: (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token,
      guest: (await createApiKey(gateway.app.store, { tenant: 'globex', scopes: ['admin'] })).token,
    };
    const api = (tenant: keyof typeof keys, query: string, variables?: Record<string, unknown>) =>
      postGraphql(gateway.origin, query, variables, keys[tenant]);

    const refused = await api('guest', CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'] } });
    expect(refused.createInboundSource).toMatchObject({ __typename: 'ProviderNotConfiguredError', code: 'PROVIDER_NOT_CONFIGURED' });
    expect((await api('guest', '{ inboundSources { nodes { id } } }')).inboundSources.nodes).toEqual([]);

    const receivers = { owner: await Receiver.start(), guest: await Receiver.start() };
    cleanups.push(() => receivers.owner.close(), () => receivers.guest.close());
    const sources: Record<string, { id: string; url: string }> = {};
    const seen: Record<string, string[]> = { owner: [], guest: [] };
    for (const tenant of ['owner', 'guest'] as const) {
      const created = await api(tenant, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } });
      expect(created.createInboundSource.__typename).toBe('CreateInboundSourceSuccess');
      sources[tenant] = created.createInboundSource.source;
      await api(tenant, 'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }', {
        url: receivers[tenant].url(`/${tenant}`),
      });
      const ws = wsClient(gateway.origin, keys[tenant]);
      cleanups.push(() => ws.dispose());
      cleanups.push(
        ws.subscribe<{ providerEvents: { payload: { data: { tenant: string } } } }>(
          { query: 'subscription { providerEvents(after: "0") { payload } }' },
          { next: (r) => void (r.data && seen[tenant]!.push(r.data.providerEvents.payload.data.tenant)), error: console.error, complete: () => {} },
        ),
      );
    }
    // Another tenant's source id names nothing.
    expect((await api('guest', 'query ($id: ID!) { inboundSource(id: $id) { id } }', { id: sources.owner!.id })).inboundSource).toBeNull();
    const foreignDelete = await api('guest', 'mutation ($id: ID!) { deleteInboundSource(id: $id) { __typename } }', { id: sources.owner!.id });
    expect(foreignDelete.deleteInboundSource.__typename).toBe('NotFoundError');

    for (let i = 0; i < 3; i += 1) {
      for (const tenant of ['owner', 'guest'] as const) {
        const body = JSON.stringify({ event: 'track_updated', test: false, data: { tenant, i } });
        expect((await deliver(sources[tenant]!.url, body)).status).toBe(200);
      }
    }
    await waitFor(() => seen.owner!.length >= 3 && seen.guest!.length >= 3 && receivers.owner.requests.length >= 3 && receivers.guest.requests.length >= 3, 15_000);
    for (const tenant of ['owner', 'guest'] as const) {
      expect(seen[tenant]).toEqual([tenant, tenant, tenant]);
      const listed = await api(tenant, '{ providerEvents { nodes { data source { id } } } }');
      expect(listed.providerEvents.nodes.map((n: { data: { tenant: string } }) => n.data.tenant)).toEqual([tenant, tenant, tenant]);
      expect(receivers[tenant].requests.map((r) => JSON.parse(r.body).data.data.tenant)).toEqual([tenant, tenant, tenant]);
    }
  });

  it('returns the secret once when the user registers a UP42 webhook themselves, and no secret otherwise', async () => {
    const gateway = await start();
    const key = (await createApiKey(gateway.app.store, { tenant: 'globex', scopes: ['admin'] })).token;
    const up42 = await postGraphql(gateway.origin, CREATE, { input: { provider: 'UP42', events: ['order.status'], registerUpstream: false } }, key);
    expect(up42.createInboundSource.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(up42.createInboundSource.warning).toMatch(/HOOKGATE_PUBLIC_URL is not set/);
    expect(up42.createInboundSource.source.url.startsWith(`${gateway.origin}/inbound/`)).toBe(true);
    const shippo = await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key);
    expect(shippo.createInboundSource.secret).toBeNull();
    expect(shippo.createInboundSource.source.url).toMatch(/\/inbound\/[A-Za-z0-9_-]{43}\?token=[A-Za-z0-9_-]+$/);
    const bolt = await postGraphql(gateway.origin, CREATE, { input: { provider: 'BOLT', events: ['payment'], registerUpstream: false } }, key);
    expect(bolt.createInboundSource).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect(bolt.createInboundSource.message).toMatch(/BOLT_SIGNING_SECRET/);
  });

  it('answers a flood at one source 429 with Retry-After, while another source is still served', async () => {
    const gateway = await start({ HOOKGATE_INBOUND_BURST: '5', HOOKGATE_INBOUND_RATE_PER_MINUTE: '1' });
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const create = async () =>
      (await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key))
        .createInboundSource.source as { id: string; url: string };
    const [flooded, quiet] = [await create(), await create()];
    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await deliver(flooded.url, JSON.stringify({ event: 'track_updated', data: { i } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(Number(answers[7]!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await deliver(quiet.url, JSON.stringify({ event: 'track_updated', data: {} }))).status).toBe(200);
  });

  it('bounds the requests of one source in flight (429), and frees the place of a client that leaves mid-body', async () => {
    const gateway = await start({ HOOKGATE_INBOUND_SOURCE_CONCURRENCY: '1' });
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const { url } = (
      await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key)
    ).createInboundSource.source as { url: string };
    const body = JSON.stringify({ event: 'track_updated', data: {} });
    // A delivery whose body never ends holds the source's one place (once it got it: it may
    // itself have been refused while another delivery was in flight, and is then sent again).
    const target = new URL(url);
    let slow!: Socket;
    let slowAnswered = false;
    const sendSlow = async () => {
      slow = connect(Number(target.port), target.hostname);
      cleanups.push(() => void slow.destroy());
      await once(slow, 'connect');
      slowAnswered = false;
      slow.once('data', () => (slowAnswered = true));
      slow.write(
        `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
          `${Object.entries(shippoDelivery(body)).map(([name, value]) => `${name}: ${value}\r\n`).join('')}` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
      );
    };
    await sendSlow();
    await waitFor(async () => {
      if (!slowAnswered) return (await deliver(url, body)).status === 429;
      slow.destroy();
      await sendSlow();
      return false;
    });
    slow.destroy();
    await waitFor(async () => (await deliver(url, body)).status === 200);
    const other = await request(`${target.origin}${target.pathname}`, { method: 'GET' });
    expect(other.statusCode).toBe(405);
    expect(other.headers.allow).toBe('POST');
    await other.body.dump();
  });

  it('accepts a delivery whose body arrives in pieces after its headers (chunked)', async () => {
    const gateway = await start();
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const { url } = (
      await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key)
    ).createInboundSource.source as { url: string };
    const body = JSON.stringify({ event: 'track_updated', data: { pieces: 2 } });
    let sendRest!: () => void;
    const rest = new Promise<void>((resolve) => (sendRest = resolve));
    const answer = request(url, {
      method: 'POST',
      headers: shippoDelivery(body),
      body: Readable.from(
        (async function* () {
          yield body.slice(0, 10);
          await rest;
          yield body.slice(10);
        })(),
      ),
    });
    setImmediate(sendRest);
    const response = await answer;
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { duplicate: boolean }).duplicate).toBe(false);
  });

  it('resumes the providerEvents subscription from a cursor: a subscriber that reconnects misses nothing and sees nothing twice', async () => {
    const gateway = await start();
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const source = (await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key))
      .createInboundSource.source as { url: string };
    const subscribe = (after: string | null, seen: { cursor: string; i: number }[]) => {
      const ws = wsClient(gateway.origin, key);
      const stop = ws.subscribe<{ providerEvents: { cursor: string; data: { i: number } } }>(
        { query: 'subscription ($after: String) { providerEvents(types: ["track_updated"], after: $after) { cursor data } }', variables: { after } },
        { next: (r) => void (r.data && seen.push({ cursor: r.data.providerEvents.cursor, i: r.data.providerEvents.data.i })), error: console.error, complete: () => {} },
      );
      return async () => {
        stop();
        await ws.dispose();
      };
    };
    const send = async (i: number) => expect((await deliver(source.url, JSON.stringify({ event: 'track_updated', data: { i } }))).status).toBe(200);

    const first: { cursor: string; i: number }[] = [];
    const close = subscribe('0', first);
    await send(1);
    await waitFor(() => first.length === 1, 10_000);
    await close();
    for (const i of [2, 3, 4]) await send(i);
    const resumed: { cursor: string; i: number }[] = [];
    const closeResumed = subscribe(first[0]!.cursor, resumed);
    cleanups.push(closeResumed);
    await send(5);
    await waitFor(() => resumed.length >= 4, 10_000);
    expect(resumed.map((e) => e.i)).toEqual([2, 3, 4, 5]);
  });
});

describe('a body that verifies but is not JSON', () => {
  it('is refused with 400 and counted, storing nothing', async () => {
    const gateway = await start();
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const source = (await postGraphql(gateway.origin, CREATE, { input: { provider: 'BLAZE', events: ['NEW_CONSUMER_ORDER'], registerUpstream: false } }, key))
      .createInboundSource.source as { id: string; url: string };
    const response = await request(source.url, { method: 'POST', body: `not json ${randomBytes(4).toString('hex')}` });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
    const read = await postGraphql(gateway.origin, 'query ($id: ID!) { inboundSource(id: $id) { receivedCount rejectedCount } }', { id: source.id }, key);
    expect(read.inboundSource).toEqual({ receivedCount: 0, rejectedCount: 1 });
  });
});

describe('HOOKGATE_PUBLIC_URL', () => {
  it('is the base of every source URL, and then no warning is given', async () => {
    const gateway = await start({ HOOKGATE_PUBLIC_URL: 'https://hooks.example.com' });
    const key = (await createApiKey(gateway.app.store, { tenant: 'globex', scopes: ['admin'] })).token;
    const created = await postGraphql(gateway.origin, CREATE, { input: { provider: 'BLAZE', events: ['NEW_CONSUMER_ORDER'], registerUpstream: false } }, key);
    expect(created.createInboundSource.warning).toBeNull();
    expect(created.createInboundSource.source.url).toMatch(/^https:\/\/hooks\.example\.com\/inbound\/[A-Za-z0-9_-]{43}$/);
  });
});

describe('a store that cannot answer', () => {
  it('answers 503 with Retry-After, so the provider retries later', async () => {
    const gateway = await start();
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const source = (await postGraphql(gateway.origin, CREATE, { input: { provider: 'BLAZE', events: ['NEW_CONSUMER_ORDER'], registerUpstream: false } }, key))
      .createInboundSource.source as { url: string };
    await gateway.app.store.close();
    const response = await request(source.url, { method: 'POST', body: '{"webHookType":"NEW_CONSUMER_ORDER"}' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    await response.body.dump();
  });
});

describe('on PostgreSQL', () => {
  if (standInIfUnavailable(POSTGRES_UNAVAILABLE)) return;

  it('stores, dedupes, streams and forwards inbound events as the embedded store does', async () => {
    const schema = freshSchemaName();
    cleanups.push(() => PostgresStore.dropSchema(POSTGRES_URL, schema));
    const gateway = await start({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, HOOKGATE_SECRET_KEY: randomBytes(32).toString('base64') });
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    await postGraphql(gateway.origin, 'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["shippo.track_updated"] }) { __typename } }', { url: receiver.url('/pg') }, key);
    const source = (await postGraphql(gateway.origin, CREATE, { input: { provider: 'SHIPPO', events: ['track_updated'], registerUpstream: false } }, key))
      .createInboundSource.source as { id: string; url: string };
    const seen: number[] = [];
    const ws = wsClient(gateway.origin, key);
    cleanups.push(() => ws.dispose());
    cleanups.push(
      ws.subscribe<{ providerEvents: { data: { i: number } } }>(
        { query: 'subscription { providerEvents(provider: SHIPPO, after: "0") { data } }' },
        { next: (r) => void (r.data && seen.push(r.data.providerEvents.data.i)), error: console.error, complete: () => {} },
      ),
    );
    for (const i of [1, 2, 2]) expect((await deliver(source.url, JSON.stringify({ event: 'track_updated', data: { i } }))).status).toBe(200);
    await waitFor(() => seen.length >= 2 && receiver.requests.length >= 2, 15_000);
    expect(seen).toEqual([1, 2]);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.data.i).toSorted()).toEqual([1, 2]);
    const read = await postGraphql(gateway.origin, 'query ($id: ID!) { inboundSource(id: $id) { receivedCount rejectedCount } }', { id: source.id }, key);
    expect(read.inboundSource).toEqual({ receivedCount: 2, rejectedCount: 0 });
  });
});
