/**
 * Inbound sources end to end, through real HTTP: each provider double posts an event signed as
 * that provider signs (its `/_control/emit`), the gateway verifies, stores, streams it to
 * graphql-ws and graphql-sse subscribers, and forwards it to a LOCAL endpoint whose receiver
 * verifies the Standard Webhooks signature with the `standardwebhooks` package.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createClient as createSseClient } from 'graphql-sse';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { type BlazeDouble, blazeGatewayEnv, startBlazeDouble } from './doubles/blaze-double.ts';
import { type BoltDouble, BOLT_DOUBLE_SIGNING_SECRET, boltGatewayEnv, startBoltDouble } from './doubles/bolt-double.ts';
import type { EmitTarget } from './doubles/emit.ts';
import { SHIPPO_DOUBLE_SIGNING_SECRET, type ShippoDouble, shippoGatewayEnv, startShippoDouble } from './doubles/shippo-double.ts';
import { startUp42Double, type Up42Double, up42GatewayEnv } from './doubles/up42-double.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';
import { wsClient } from './support/ws-client.ts';

type Provider = 'BOLT' | 'SHIPPO' | 'BLAZE' | 'UP42';

const MAX_BYTES = 8 * 1024;
const ENDPOINT_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

const CASES: { provider: Provider; event: string; subscribedAs: string; dataKey: string }[] = [
  { provider: 'BOLT', event: 'payment', subscribedAs: 'bolt.payment', dataKey: 'status' },
  { provider: 'SHIPPO', event: 'track_updated', subscribedAs: 'shippo.*', dataKey: 'tracking_status' },
  { provider: 'BLAZE', event: 'NEW_CONSUMER_ORDER', subscribedAs: 'blaze.NEW_CONSUMER_ORDER', dataKey: 'orderNo' },
  { provider: 'UP42', event: 'order.status', subscribedAs: 'up42.order.status', dataKey: 'status' },
];

const EVENT_FIELDS = 'id cursor provider type receivedAt data payload source { id }';

interface SeenEvent {
  id: string;
  cursor: string;
  provider: string;
  type: string;
  data: Record<string, unknown>;
  payload: Record<string, unknown>;
  source: { id: string } | null;
}

let gateway: RunningGateway;
let receiver: Receiver;
let doubles: { BOLT: BoltDouble; SHIPPO: ShippoDouble; BLAZE: BlazeDouble; UP42: Up42Double };
const cleanups: (() => Promise<void> | void)[] = [];

const api = (query: string, variables?: Record<string, unknown>) => postGraphql(gateway.origin, query, variables);

beforeAll(async () => {
  const data = tempDataDir();
  cleanups.push(data.remove);
  doubles = {
    BOLT: await startBoltDouble(),
    SHIPPO: await startShippoDouble(),
    BLAZE: await startBlazeDouble(),
    UP42: await startUp42Double(),
  };
  cleanups.push(...Object.values(doubles).map((double) => () => double.close()));
  gateway = await startGateway(
    testConfig({
      DATA_DIR: data.dir,
      HOOKGATE_INBOUND_MAX_BYTES: String(MAX_BYTES),
      ...boltGatewayEnv(doubles.BOLT),
      ...shippoGatewayEnv(doubles.SHIPPO),
      ...blazeGatewayEnv(doubles.BLAZE),
      ...up42GatewayEnv(doubles.UP42),
    }),
  );
  cleanups.push(() => gateway.stop());
  receiver = await Receiver.start({ secret: ENDPOINT_SECRET });
  cleanups.push(() => receiver.close());
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function createSource(provider: Provider, events: string[], registerUpstream = true) {
  const result = await api(
    `mutation ($input: CreateInboundSourceInput!) {
       createInboundSource(input: $input) {
         __typename
         ... on CreateInboundSourceSuccess { secret source { id url provider events receivedCount rejectedCount webhook { id url } } }
         ... on Error { message }
       }
     }`,
    { input: { provider, events, registerUpstream } },
  );
  const payload = result.createInboundSource;
  if (payload.__typename !== 'CreateInboundSourceSuccess') throw new Error(`createInboundSource failed: ${JSON.stringify(payload)}`);
  return payload as { secret: string | null; source: { id: string; url: string; webhook: { id: string; url: string } | null } };
}

async function sourceCounts(id: string): Promise<{ receivedCount: number; rejectedCount: number }> {
  return (await api('query ($id: ID!) { inboundSource(id: $id) { receivedCount rejectedCount } }', { id })).inboundSource;
}

async function storedEvents(sourceId: string): Promise<SeenEvent[]> {
  return (await api(`query ($s: ID) { providerEvents(sourceId: $s, first: 100) { nodes { ${EVENT_FIELDS} } } }`, { s: sourceId }))
    .providerEvents.nodes;
}

async function emit(provider: Provider, body: Record<string, unknown>) {
  const response = await request(`${doubles[provider].url}/_control/emit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.statusCode).toBe(200);
  return (await response.body.json()) as { deliveries: { url: string; status: number; responseBody: string }[]; sent: EmitTarget[] };
}

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function subscribeBoth(provider: Provider) {
  const query = `subscription ($provider: InboundProvider, $after: String) { providerEvents(provider: $provider, after: $after) { ${EVENT_FIELDS} } }`;
  // From the first cursor: nothing published before the subscription starts is missed.
  const variables = { provider, after: '0' };
  const seen = { ws: [] as SeenEvent[], sse: [] as SeenEvent[] };
  const ws = wsClient(gateway.origin);
  const sse = createSseClient({ url: `${gateway.origin}/graphql` });
  const stopWs = ws.subscribe<{ providerEvents: SeenEvent }>(
    { query, variables },
    { next: (r) => void (r.data && seen.ws.push(r.data.providerEvents)), error: (e) => console.error(e), complete: () => {} },
  );
  const stopSse = sse.subscribe<{ providerEvents: SeenEvent }>(
    { query, variables },
    { next: (r) => void (r.data && seen.sse.push(r.data.providerEvents)), error: (e) => console.error(e), complete: () => {} },
  );
  return {
    seen,
    stop() {
      stopWs();
      stopSse();
      void ws.dispose();
      sse.dispose();
    },
  };
}

describe.each(CASES)('$provider inbound', ({ provider, event, subscribedAs, dataKey }) => {
  it('accepts a signed event, stores it, streams it over graphql-ws and graphql-sse, and forwards it signed to a LOCAL endpoint', async () => {
    const { source } = await createSource(provider, [event]);
    expect(source.webhook?.url).toBe(source.url);
    const path = `/${provider.toLowerCase()}`;
    await api(
      'mutation ($url: String!, $events: [String!]!, $secret: String) { createWebhook(input: { provider: LOCAL, url: $url, events: $events, secret: $secret }) { __typename } }',
      { url: receiver.url(path), events: [subscribedAs], secret: ENDPOINT_SECRET },
    );
    const subscribers = subscribeBoth(provider);
    try {
      const emitted = await emit(provider, { event });
      expect(emitted.deliveries.map((d) => d.status)).toEqual([200]);

      await waitFor(() => subscribers.seen.ws.length >= 1 && subscribers.seen.sse.length >= 1, 15_000);
      for (const seen of [subscribers.seen.ws, subscribers.seen.sse]) {
        expect(seen).toHaveLength(1);
        expect(seen[0]).toMatchObject({ provider, type: event, source: { id: source.id } });
        expect(seen[0]!.data).toHaveProperty(dataKey);
        expect(seen[0]!.payload).toEqual(JSON.parse(emitted.sent[0]!.body));
      }
      const stored = await storedEvents(source.id);
      expect(stored.map((e) => e.id)).toEqual([subscribers.seen.ws[0]!.id]);
      const nodes = await api(
        'query ($s: ID!, $e: ID!) { s: node(id: $s) { __typename id } e: node(id: $e) { __typename ... on ProviderEvent { type } } }',
        { s: source.id, e: stored[0]!.id },
      );
      expect(nodes).toEqual({ s: { __typename: 'InboundSource', id: source.id }, e: { __typename: 'ProviderEvent', type: event } });
      expect(await sourceCounts(source.id)).toEqual({ receivedCount: 1, rejectedCount: 0 });

      await waitFor(() => receiver.requests.some((r) => r.url === path), 15_000);
      const forwarded = receiver.requests.filter((r) => r.url === path);
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]!.verified).toBe(true);
      const message = JSON.parse(forwarded[0]!.body) as { type: string; data: Record<string, any> };
      expect(message.type).toBe(`${provider.toLowerCase()}.${event}`);
      expect(message.data).toMatchObject({ id: stored[0]!.id, provider, type: event, sourceId: source.id, data: stored[0]!.data });
    } finally {
      subscribers.stop();
    }
  });

  it('stores a retried event once', async () => {
    const { source } = await createSource(provider, [event]);
    const emitted = await emit(provider, { event, repeat: 3 });
    // Other tests' sources of the same event get it too; these are this source's three.
    const mine = emitted.deliveries.filter((d) => d.url === source.url);
    expect(mine.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(mine.map((d) => JSON.parse(d.responseBody).duplicate)).toEqual([false, true, true]);
    expect(await storedEvents(source.id)).toHaveLength(1);
    expect(await sourceCounts(source.id)).toEqual({ receivedCount: 1, rejectedCount: 0 });
  });

  it('refuses an unknown source (404) and an oversized body (413, declared or streamed), storing nothing and counting them', async () => {
    const { source } = await createSource(provider, [event], false);
    const before = await metric(provider);
    const unknown = await post(`${gateway.origin}/inbound/${randomBytes(32).toString('base64url')}`, '{"event":"x"}');
    expect(unknown.status).toBe(404);
    const oversized = JSON.stringify({ event, data: { blob: 'x'.repeat(MAX_BYTES) } });
    expect((await post(source.url, oversized)).status).toBe(413);
    const streamed = await request(source.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from(
        (function* () {
          for (let i = 0; i < 4; i += 1) yield Buffer.alloc(MAX_BYTES / 2, 0x20);
        })(),
      ),
    });
    expect(streamed.statusCode).toBe(413);
    await streamed.body.dump();
    expect(await storedEvents(source.id)).toEqual([]);
    expect(await sourceCounts(source.id)).toEqual({ receivedCount: 0, rejectedCount: 2 });
    expect((await metric(provider)).too_large! - before.too_large!).toBe(2);
  });
});

/** hookgate_inbound_requests_total of one provider, by outcome. */
async function metric(provider: Provider): Promise<Record<string, number>> {
  const text = await (await request(`${gateway.origin}/metrics`)).body.text();
  const counts: Record<string, number> = { too_large: 0, rejected: 0, accepted: 0 };
  for (const match of text.matchAll(new RegExp(`hookgate_inbound_requests_total\\{provider="${provider}",outcome="(\\w+)"\\} (\\d+)`, 'g'))) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

describe('refused requests', () => {
  /** A genuine request from the double, taken from what emit sent, and the source it went to. */
  async function genuine(provider: Provider, event: string) {
    const { source } = await createSource(provider, [event]);
    const emitted = await emit(provider, { event });
    expect(emitted.deliveries.map((d) => d.status)).toEqual([200]);
    return { source, sent: emitted.sent[0]! };
  }

  async function expectRefused(sourceId: string, attempts: { status: number }[], stored: number): Promise<void> {
    for (const attempt of attempts) expect(attempt.status).toBe(401);
    expect(await storedEvents(sourceId)).toHaveLength(stored);
    expect(await sourceCounts(sourceId)).toEqual({ receivedCount: stored, rejectedCount: attempts.length });
  }

  it('BOLT: a wrong signature or a tampered body is refused with 401 "verification failed"', async () => {
    const before = await metric('BOLT');
    const { source, sent } = await genuine('BOLT', 'capture');
    const tampered = sent.body.replace('"authorized"', '"captured"');
    const wrongSignature = await post(sent.url, sent.body.replace('4599', '4598'), {
      'X-Bolt-Hmac-Sha256': createHmac('sha256', 'not-the-secret').update(sent.body).digest('base64'),
    });
    const attempts = [await post(sent.url, tampered, sent.headers), wrongSignature, await post(sent.url, `${sent.body} `, {})];
    expect(wrongSignature.text).toBe('verification failed');
    await expectRefused(source.id, attempts, 1);
    expect((await metric('BOLT')).rejected! - before.rejected!).toBe(3);
  });

  it('SHIPPO: a wrong token, a wrong signature, a stale timestamp or a tampered body is refused with 401', async () => {
    const { source, sent } = await genuine('SHIPPO', 'transaction_created');
    const wrongToken = new URL(sent.url);
    wrongToken.searchParams.set('token', randomBytes(24).toString('base64url'));
    const body = sent.body.replace('TRANSIT', 'DELIVERED');
    const sign = (t: number, secret = SHIPPO_DOUBLE_SIGNING_SECRET) =>
      `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await post(wrongToken.toString(), body, { 'Shippo-Auth-Signature': sign(now) }),
      await post(sent.url, body, { 'Shippo-Auth-Signature': sign(now, 'not-the-secret') }),
      await post(sent.url, body, { 'Shippo-Auth-Signature': sign(now - 301) }),
      await post(sent.url, body, sent.headers),
    ];
    await expectRefused(source.id, attempts, 1);
    // The same body, freshly and correctly signed, is accepted: the refusals were about the credentials.
    expect((await post(sent.url, body, { 'Shippo-Auth-Signature': sign(now) })).status).toBe(200);
  });

  it('UP42: a wrong signature, a stale created or a tampered body is refused with 401', async () => {
    const { source, sent } = await genuine('UP42', 'job.status');
    const secret = doubles.UP42.webhooks().find((w) => w.url === sent.url)!.secret;
    const body = sent.body.replace('FULFILLED', 'FAILED_PERMANENTLY');
    const signed = (created: number, key = secret) => {
      const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
      const date = new Date().toUTCString();
      return {
        'content-digest': digest,
        date,
        'signature-input': `up42-sig=("content-digest" "date");created=${created}`,
        signature: `up42-sig=${createHmac('sha256', key).update(digest + date).digest('base64')}`,
      };
    };
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await post(sent.url, body, signed(now, 'not-the-secret')),
      await post(sent.url, body, signed(now - 301)),
      await post(sent.url, body, sent.headers),
    ];
    await expectRefused(source.id, attempts, 1);
    const accepted = await post(sent.url, body, signed(now));
    expect(accepted.status).toBe(200);
    // Its length declared, so that the answer is one write rather than chunks.
    expect(accepted.headers['content-length']).toBe(String(Buffer.byteLength(accepted.text)));
    expect(accepted.headers['transfer-encoding']).toBeUndefined();
  });

  it('deleteInboundSource removes the provider-side webhook first, and keeps the source when the provider refuses', async () => {
    const { source } = await createSource('SHIPPO', ['batch_created']);
    const webhooks = () => [...doubles.SHIPPO.webhooks.values()].filter((w) => w.url === source.url);
    expect(webhooks()).toHaveLength(1);
    doubles.SHIPPO.inject({ status: 500, body: { detail: 'down' }, times: 10, match: (r) => r.method === 'DELETE' });
    const failed = await api(
      'mutation ($id: ID!) { deleteInboundSource(id: $id) { __typename ... on Error { code } } }',
      { id: source.id },
    );
    expect(failed.deleteInboundSource).toEqual({ __typename: 'UpstreamError', code: 'UPSTREAM_ERROR' });
    expect(await sourceCounts(source.id)).toBeTruthy();
    doubles.SHIPPO.server.clearFailures();
    const deleted = await api('mutation ($id: ID!) { deleteInboundSource(id: $id) { __typename } }', { id: source.id });
    expect(deleted.deleteInboundSource.__typename).toBe('DeleteInboundSourceSuccess');
    expect(webhooks()).toEqual([]);
    expect((await api('query ($id: ID!) { inboundSource(id: $id) { id } }', { id: source.id })).inboundSource).toBeNull();
    expect((await post(source.url, '{"event":"batch_created"}')).status).toBe(404);
  });
});

describe('the LOCAL catalogue', () => {
  it("lists the configured providers' event types under their prefix and keeps those names for forwarded events", async () => {
    const catalogue = (await api('{ webhookEvents(provider: LOCAL) { name provider } }')).webhookEvents as { name: string }[];
    const names = catalogue.map((type) => type.name);
    for (const name of ['bolt.payment', 'shippo.track_updated', 'blaze.NEW_CONSUMER_ORDER', 'up42.order.status']) expect(names).toContain(name);
    const reserved = await api(
      'mutation { createWebhookEventType(input: { name: "shippo.my_own" }) { __typename ... on ValidationError { fieldErrors { path message } } } }',
    );
    expect(reserved.createWebhookEventType).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'name'] }] });
    const subscribed = await api(
      'mutation { createWebhook(input: { provider: LOCAL, url: "http://127.0.0.1:9/x", events: ["up42.*", "blaze.SOMETHING_NEW", "bolt."] }) { __typename ... on ValidationError { fieldErrors { path message } } } }',
    );
    expect(subscribed.createWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'events', '2'] }] });
  });
});

describe('the doubles sign as the providers do', () => {
  it("Bolt's X-Bolt-Hmac-Sha256 verifies with an independent implementation of the NOTES.md recipe (WebCrypto)", async () => {
    const plain = await Receiver.start();
    cleanups.push(() => plain.close());
    doubles.BOLT.seed({ url: plain.url('/bolt-direct'), events: ['credit'] });
    await emit('BOLT', { event: 'credit' });
    const [received] = plain.requests.filter((r) => r.url === '/bolt-direct');
    expect(received).toBeDefined();
    // base64(HMAC-SHA256(key = signing secret, message = raw request body)), computed with WebCrypto.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(BOLT_DOUBLE_SIGNING_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(received!.body));
    expect(received!.headers['x-bolt-hmac-sha256']).toBe(Buffer.from(mac).toString('base64'));
    expect(JSON.parse(received!.body)).toMatchObject({ type: 'credit', object: 'transaction' });
  });
});
