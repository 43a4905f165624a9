/**
 * The BOLT adapter end to end: GraphQL API → gateway → real HTTP → the Bolt double.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import {
  BOLT_DOUBLE_API_KEY,
  BOLT_DOUBLE_DIVISION_ID,
  BOLT_DOUBLE_EVENT_TYPES,
  BOLT_DOUBLE_FORBIDDEN_DIVISION_ID,
  BOLT_DOUBLE_OTHER_DIVISION_ID,
  BOLT_DOUBLE_SIGNING_SECRET,
  type BoltDouble,
  boltGatewayEnv,
  startBoltDouble,
} from '../doubles/bolt-double.ts';
import type { UpdateWebhookInput } from '../generated/graphql.ts';
import { graphql } from '../generated/index.ts';
import {
  DeleteWebhook,
  GetNode,
  GetWebhook,
  ListWebhooks,
  RotateSecret,
  TestWebhook,
  UpdateWebhook,
  WebhookEvents,
} from '../support/documents.ts';
import { createTestGateway, execute, run, type TestGateway } from '../support/gateway.ts';
import { Receiver } from '../support/receiver.ts';

const BoltCreateWebhook = graphql(`
  mutation BoltCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields scope { divisionId } } }
      ... on ValidationError { code message fieldErrors { path message } }
      ... on UpstreamError { provider status retryable }
      ... on Error { code message }
    }
  }
`);

const BoltWebhooksInScope = graphql(`
  query BoltWebhooksInScope($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {
    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {
      edges { cursor node { id externalId url events createdAt scope { divisionId } eventTypes { name title } } }
      pageInfo { hasNextPage endCursor }
      providerErrors { provider code message }
    }
  }
`);

const BoltProviderInfo = graphql(`
  query BoltProviderInfo {
    providers {
      name
      configured
      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }
    }
  }
`);

const LIST = /^\/v1\/webhooks$/;
const ONE = /^\/v1\/webhooks\/[^/]+$/;
const FAST = { UPSTREAM_RETRY_BASE_DELAY_MS: '10' };

let double: BoltDouble;
let gateways: TestGateway[];
let receivers: Receiver[];

beforeEach(async () => {
  double = await startBoltDouble();
  gateways = [];
  receivers = [];
});

afterEach(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(receivers.map((r) => r.close()));
  await double.close();
});

/** A gateway pointed at the double; `env` overrides or (with '') unsets variables. */
async function gateway(env: Record<string, string> = {}): Promise<App> {
  const g = await createTestGateway({ ...boltGatewayEnv(double), ...FAST, ...env });
  gateways.push(g);
  return g.app;
}

async function receiver(): Promise<Receiver> {
  const r = await Receiver.start();
  receivers.push(r);
  return r;
}

async function createBolt(app: App, input: { url: string; events: string[]; scope?: { divisionId: string } }) {
  const data = await run(app, BoltCreateWebhook, { input: { provider: 'BOLT', ...input } });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return data.createWebhook.webhook;
}

async function rawQuery(app: App, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

function hmac(body: string): string {
  return createHmac('sha256', BOLT_DOUBLE_SIGNING_SECRET).update(body).digest('base64');
}

describe('BOLT through GraphQL', () => {
  it('shows BOLT configured, with what Bolt can do', async () => {
    const app = await gateway();
    const { providers } = await run(app, BoltProviderInfo);
    expect(providers.find((p) => p.name === 'BOLT')).toEqual({
      name: 'BOLT',
      configured: true,
      capabilities: {
        list: true,
        get: true,
        create: true,
        update: true,
        delete: true,
        test: true,
        rotateSecret: false,
        multipleUrls: false,
        maxEventsPerWebhook: null,
        updateChangesId: true,
      },
    });
  });

  it('serves the 12 webhooks_type events from a static catalogue', async () => {
    const app = await gateway();
    const { webhookEvents } = await run(app, WebhookEvents, { provider: 'BOLT' });
    expect(webhookEvents.map((e) => e.name)).toEqual([...BOLT_DOUBLE_EVENT_TYPES]);
    for (const event of webhookEvents) {
      expect(event).toMatchObject({ provider: 'BOLT', title: expect.any(String), category: expect.any(String) });
      expect(event.example).toMatchObject({ id: expect.any(String), status: expect.any(String), amount: { currency: 'USD' } });
    }
    expect(double.server.requests).toHaveLength(0);
  });

  it('creates, reads, lists, tests and deletes a webhook', async () => {
    const app = await gateway();
    const hooks = await receiver();
    const webhook = await createBolt(app, { url: hooks.url('/bolt'), events: ['payment', 'capture'] });

    const stored = double.webhooks();
    expect(stored).toHaveLength(1);
    const post = double.server.requests.find((r) => r.method === 'POST');
    expect(post?.headers['x-api-key']).toBe(BOLT_DOUBLE_API_KEY);
    expect(post?.body).toEqual({ division_id: BOLT_DOUBLE_DIVISION_ID, url: hooks.url('/bolt'), events: ['payment', 'capture'] });
    expect(webhook).toMatchObject({
      provider: 'BOLT',
      externalId: stored[0]?.webhook_id,
      url: hooks.url('/bolt'),
      urls: [hooks.url('/bolt')],
      name: null,
      events: ['payment', 'capture'],
      active: true,
      isTest: false,
      hasSecret: true,
      scope: { divisionId: BOLT_DOUBLE_DIVISION_ID },
      createdAt: new Date(stored[0]?.created_at ?? 0).toISOString(),
      updatedAt: null,
    });

    const fetched = await run(app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook).toMatchObject({ id: webhook.id, url: webhook.url, events: ['payment', 'capture'] });
    expect(fetched.webhook?.eventTypes.map((e) => e.name)).toEqual(['payment', 'capture']);
    const node = await run(app, GetNode, { id: webhook.id });
    expect(node.node).toEqual({ __typename: 'Webhook', id: webhook.id, url: webhook.url });

    const listed = await run(app, ListWebhooks, { provider: 'BOLT' });
    expect(listed.webhooks.edges.map((e) => e.node.id)).toEqual([webhook.id]);
    expect(listed.webhooks.edges[0]?.node.eventTypes.map((e) => e.title)).toEqual(['Payment', 'Capture']);

    const tested = await run(app, TestWebhook, { id: webhook.id });
    expect(tested.testWebhook).toMatchObject({
      __typename: 'TestWebhookSuccess',
      result: { testsRun: 2, testsSucceeded: 2, testsFailed: 0 },
    });
    expect(hooks.requests.map((r) => JSON.parse(r.body).type).sort()).toEqual(['capture', 'payment']);

    const deleted = await run(app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect(double.webhooks()).toEqual([]);
    expect((await run(app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    expect((await run(app, GetNode, { id: webhook.id })).node).toBeNull();
  });

  it('creates an event_group "all" webhook for ["*"] and in another division', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, {
      url: 'https://shop.example/hooks',
      events: ['*'],
      scope: { divisionId: BOLT_DOUBLE_OTHER_DIVISION_ID },
    });
    expect(double.server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      division_id: BOLT_DOUBLE_OTHER_DIVISION_ID,
      url: 'https://shop.example/hooks',
      event_group: 'all',
    });
    expect(webhook).toMatchObject({ events: ['*'], scope: { divisionId: BOLT_DOUBLE_OTHER_DIVISION_ID } });
    const fetched = await run(app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook?.eventTypes).toHaveLength(12);
    expect(double.webhooks(BOLT_DOUBLE_OTHER_DIVISION_ID)).toHaveLength(1);
  });

  it('pages a division newest first with local cursors', async () => {
    const app = await gateway();
    // Bolt returns creation order (here shuffled timestamps); the adapter sorts.
    const times = [5_000, 1_000, 4_000, 2_000, 3_000];
    const seeded = times.map((createdAt, i) => double.seed({ url: `https://shop.example/${i}`, createdAt }));
    double.seed({ url: 'https://other.example/', divisionId: BOLT_DOUBLE_OTHER_DIVISION_ID, createdAt: 9_000 });
    const newestFirst = [...seeded].sort((a, b) => b.created_at - a.created_at).map((w) => w.webhook_id);

    const listPage = (after: string | null) => run(app, BoltWebhooksInScope, { provider: 'BOLT', first: 2, after });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: Awaited<ReturnType<typeof listPage>> = await listPage(after);
      seen.push(...data.webhooks.edges.map((e) => e.node.externalId));
      expect(data.webhooks.pageInfo.hasNextPage).toBe(page < 2);
      for (const edge of data.webhooks.edges) expect(edge.node.scope).toEqual({ divisionId: BOLT_DOUBLE_DIVISION_ID });
      after = data.webhooks.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(newestFirst);
    expect(double.server.count('GET', LIST)).toBe(3);
    expect(double.server.requests.every((r) => r.query.get('division_id') === BOLT_DOUBLE_DIVISION_ID)).toBe(true);

    const other = await run(app, BoltWebhooksInScope, { provider: 'BOLT', scope: { divisionId: BOLT_DOUBLE_OTHER_DIVISION_ID } });
    expect(other.webhooks.edges.map((e) => e.node.url)).toEqual(['https://other.example/']);

    const bad = await execute(app, BoltWebhooksInScope, { provider: 'BOLT', after: 'bm90IGEgY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists 50 webhooks with their event types in one upstream call (no N+1)', async () => {
    const app = await gateway();
    for (let i = 0; i < 50; i++) double.seed({ url: `https://shop.example/${i}`, events: ['payment', 'void'] });
    double.server.resetLog();

    const listed = await run(app, ListWebhooks, { provider: 'BOLT', first: 100 });
    expect(listed.webhooks.edges).toHaveLength(50);
    for (const edge of listed.webhooks.edges) expect(edge.node.eventTypes.map((e) => e.name)).toEqual(['payment', 'void']);
    expect(double.server.count('GET', LIST)).toBe(1);
    expect(double.server.requests).toHaveLength(1);

    // Many ids of one division in one query: one list call, not one get per id.
    double.server.resetLog();
    const ids = listed.webhooks.edges.slice(0, 5).map((e) => e.node.id);
    const many = await rawQuery(app, `{ ${ids.map((id, i) => `w${i}: webhook(id: "${id}") { id url eventTypes { name } }`).join(' ')} }`);
    expect(many.errors).toBeUndefined();
    expect(Object.values(many.data ?? {})).toHaveLength(5);
    expect(double.server.count('GET', LIST)).toBe(1);
    expect(double.server.count('GET', ONE)).toBe(0);
  });

  it('answers a missing division with a typed error and calls nothing', async () => {
    const app = await gateway({ BOLT_DIVISION_ID: '' });
    const listed = await execute(app, BoltWebhooksInScope, { provider: 'BOLT' });
    expect(listed.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: ['scope', 'divisionId'], message: expect.stringContaining('division') }],
    });
    const merged = await run(app, BoltWebhooksInScope, { first: 20 });
    expect(merged.webhooks.providerErrors).toEqual([
      { provider: 'BOLT', code: 'VALIDATION_FAILED', message: expect.stringContaining('scope.divisionId') },
    ]);

    const created = await run(app, BoltCreateWebhook, {
      input: { provider: 'BOLT', url: 'https://shop.example/h', events: ['payment'] },
    });
    expect(created.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'scope', 'divisionId'] }],
    });
    expect(double.server.requests).toHaveLength(0);
  });

  it('rejects what Bolt cannot store before calling it', async () => {
    const app = await gateway();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ events: ['payment', 'refund'] }, ['input', 'events', '1']],
      [{ events: ['*', 'payment'] }, ['input', 'events']],
      [{ secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }, ['input', 'secret']],
      [{ name: 'Orders' }, ['input', 'name']],
      [{ active: false }, ['input', 'active']],
      [{ isTest: true }, ['input', 'isTest']],
      [{ urls: ['https://shop.example/h', 'https://shop.example/b'] }, ['input', 'urls']],
      [{ scope: { divisionId: BOLT_DOUBLE_DIVISION_ID, shopId: 'shop-1' } }, ['input', 'scope', 'shopId']],
    ];
    for (const [override, path] of cases) {
      const data = await run(app, BoltCreateWebhook, {
        input: { provider: 'BOLT', url: 'https://shop.example/h', events: ['payment'], ...override },
      });
      expect(data.createWebhook, JSON.stringify(override)).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ path }],
      });
    }
    expect(double.server.requests).toHaveLength(0);
    expect(double.webhooks()).toEqual([]);
  });

  it('passes on Bolt\'s 422 for a duplicate configuration as a ValidationError', async () => {
    const app = await gateway();
    await createBolt(app, { url: 'https://shop.example/h', events: ['payment', 'void'] });
    const again = await run(app, BoltCreateWebhook, {
      input: { provider: 'BOLT', url: 'https://shop.example/h', events: ['void'] },
    });
    expect(again.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('Duplicate webhook configuration'),
    });
    expect(double.webhooks()).toHaveLength(1);
  });

  it('maps 401 and 403 to UpstreamError without echoing the key', async () => {
    const wrongKey = 'bolt_wrong_key_e3b0c44298fc';
    const refused = await gateway({ BOLT_API_KEY: wrongKey });
    const listed = await execute(refused, ListWebhooks, { provider: 'BOLT' });
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'BOLT', status: 401, retryable: false });
    expect(listed.errors?.[0]?.message).toContain('refused the credentials');
    const created = await run(refused, BoltCreateWebhook, {
      input: { provider: 'BOLT', url: 'https://shop.example/h', events: ['payment'] },
    });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', status: 401 });
    const texts = JSON.stringify([listed, created]);
    expect(texts).not.toContain(wrongKey);
    expect(texts).not.toContain(BOLT_DOUBLE_API_KEY);

    const app = await gateway();
    const forbidden = await execute(app, BoltWebhooksInScope, {
      provider: 'BOLT',
      scope: { divisionId: BOLT_DOUBLE_FORBIDDEN_DIVISION_ID },
    });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 403 });
    expect(forbidden.errors?.[0]?.message).toContain('Not authorized to query webhook for this entity');
  });

  it('answers 404s as null, NotFoundError or an empty listing', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/h', events: ['payment'] });
    await run(app, DeleteWebhook, { id: webhook.id });

    expect((await run(app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    const deleted = await run(app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const updated = await run(app, UpdateWebhook, { id: webhook.id, input: { url: 'https://shop.example/new' } });
    expect(updated.updateWebhook).toMatchObject({ __typename: 'NotFoundError', id: webhook.externalId });
    const tested = await run(app, TestWebhook, { id: webhook.id });
    expect(tested.testWebhook).toMatchObject({ __typename: 'NotFoundError' });
    expect(double.server.count('POST', LIST)).toBe(1);

    // The spec documents 404 "Unable to find webhook" on the query itself.
    double.server.inject({ status: 404, body: { errors: [{ code: 2001004, message: 'Unable to find webhook.' }], result: { success: false } } });
    const listed = await run(app, ListWebhooks, { provider: 'BOLT' });
    expect(listed.webhooks.edges).toEqual([]);
  });

  it('retries a 500 on reads, but never a create', async () => {
    const app = await gateway();
    double.seed({ url: 'https://shop.example/h' });
    double.server.inject({ status: 500, body: 'upstream hiccup', match: (r) => r.method === 'GET' });
    const listed = await run(app, ListWebhooks, { provider: 'BOLT' });
    expect(listed.webhooks.edges).toHaveLength(1);
    expect(double.server.count('GET', LIST)).toBe(2);

    double.server.inject({ status: 500, match: (r) => r.method === 'POST' });
    const created = await run(app, BoltCreateWebhook, {
      input: { provider: 'BOLT', url: 'https://shop.example/other', events: ['payment'] },
    });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', status: 500, retryable: true });
    expect(double.server.count('POST', LIST)).toBe(1);
  });

  it('times out as a retryable UpstreamError', async () => {
    // undici runs headers timeouts on its ~1 s "fast timers": 100 ms fires within about a second.
    const app = await gateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '100', UPSTREAM_MAX_RETRIES: '0' });
    double.server.inject({ delayMs: 3_000 });
    const started = performance.now();
    const listed = await execute(app, ListWebhooks, { provider: 'BOLT' });
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: null, retryable: true });
    expect(listed.errors?.[0]?.message).toContain('timed out');
    expect(double.server.count('GET', LIST)).toBe(1);
  });

  it('turns a malformed or unexpected body into an UpstreamError and keeps working', async () => {
    const app = await gateway();
    double.seed({ url: 'https://shop.example/h' });
    double.server.inject({ malformed: true });
    const malformed = await execute(app, ListWebhooks, { provider: 'BOLT' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    expect(malformed.errors?.[0]?.message).toContain('malformed JSON');

    double.server.inject({ status: 200, body: { webhooks: [{ webhook_id: 'wh_1', url: 42 }] } });
    const unexpected = await execute(app, ListWebhooks, { provider: 'BOLT' });
    expect(unexpected.errors?.[0]?.message).toContain('unexpected body');

    const fine = await run(app, ListWebhooks, { provider: 'BOLT' });
    expect(fine.webhooks.edges).toHaveLength(1);
  });

  it('opens the circuit after repeated failures and closes it after a successful probe', async () => {
    const app = await gateway({ UPSTREAM_MAX_RETRIES: '0', UPSTREAM_BREAKER_THRESHOLD: '2', UPSTREAM_BREAKER_OPEN_MS: '300' });
    double.server.inject({ status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const failed = await execute(app, ListWebhooks, { provider: 'BOLT' });
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 503 });
    }
    const open = await execute(app, ListWebhooks, { provider: 'BOLT' });
    expect(open.errors?.[0]?.message).toContain('circuit open');
    expect(open.errors?.[0]?.extensions).toMatchObject({ status: null, retryable: true });
    expect(double.server.count('GET', LIST)).toBe(2);

    await sleep(350);
    expect((await run(app, ListWebhooks, { provider: 'BOLT' })).webhooks.edges).toEqual([]);
    expect((await run(app, ListWebhooks, { provider: 'BOLT' })).webhooks.edges).toEqual([]);
    expect(double.server.count('GET', LIST)).toBe(4);
  });

  it('never shows the API key or the signing secret, even in errors', async () => {
    const app = await gateway();
    const texts: string[] = [];
    const created = await run(app, BoltCreateWebhook, {
      input: { provider: 'BOLT', url: 'https://shop.example/h', events: ['payment'] },
    });
    expect(created.createWebhook).toMatchObject({ __typename: 'CreateWebhookSuccess', secret: null });
    texts.push(JSON.stringify(created), JSON.stringify(await run(app, ListWebhooks, { provider: 'BOLT' })));

    const echo = { errors: [{ code: 2001001, message: `key ${BOLT_DOUBLE_API_KEY} was revoked` }], result: { success: false } };
    double.server.inject({ status: 401, body: echo });
    const revoked = await execute(app, ListWebhooks, { provider: 'BOLT' });
    expect(revoked.errors?.[0]?.message).toContain('key [redacted] was revoked');
    double.server.inject({ status: 500, times: 3 });
    const failing = await execute(app, ListWebhooks, { provider: 'BOLT' });
    double.server.inject({ malformed: true });
    const malformed = await execute(app, ListWebhooks, { provider: 'BOLT' });
    texts.push(JSON.stringify([revoked, failing, malformed]));
    expect(failing.errors?.[0]?.extensions).toMatchObject({ status: 500 });

    for (const text of texts) {
      expect(text).not.toContain(BOLT_DOUBLE_API_KEY);
      expect(text).not.toContain(BOLT_DOUBLE_SIGNING_SECRET);
    }
  });

  it('refuses to rotate the merchant-wide signing secret', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/h', events: ['payment'] });
    const rotated = await run(app, RotateSecret, { id: webhook.id });
    expect(rotated.rotateWebhookSecret).toMatchObject({ __typename: 'UnsupportedOperationError', code: 'UNSUPPORTED_OPERATION' });
  });
});

describe('BOLT update (emulated: create the new webhook, then delete the old)', () => {
  it('moves a webhook to a new URL without a gap', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/old', events: ['payment'] });
    double.server.resetLog();

    const data = await run(app, UpdateWebhook, { id: webhook.id, input: { url: 'https://shop.example/new' } });
    if (data.updateWebhook.__typename !== 'UpdateWebhookSuccess') throw new Error(JSON.stringify(data.updateWebhook));
    const { webhook: updated, previousId } = data.updateWebhook;
    expect(previousId).toBe(webhook.id);
    expect(updated.id).not.toBe(webhook.id);
    expect(updated).toMatchObject({ url: 'https://shop.example/new', events: ['payment'] });

    const writes = double.server.requests.filter((r) => r.method !== 'GET').map((r) => r.method);
    expect(writes).toEqual(['POST', 'DELETE']);
    expect(double.webhooks().map((w) => [w.webhook_id, w.url])).toEqual([[updated.externalId, 'https://shop.example/new']]);
    expect((await run(app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    expect((await run(app, GetWebhook, { id: updated.id })).webhook?.url).toBe('https://shop.example/new');
  });

  it('changes the events of a URL by deleting first when Bolt calls the new one a duplicate', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/h', events: ['payment'] });
    double.server.resetLog();

    const data = await run(app, UpdateWebhook, { id: webhook.id, input: { events: ['payment', 'credit'] } });
    expect(data.updateWebhook).toMatchObject({
      __typename: 'UpdateWebhookSuccess',
      previousId: webhook.id,
      webhook: { url: 'https://shop.example/h', events: ['payment', 'credit'] },
    });
    expect(double.server.requests.filter((r) => r.method !== 'GET').map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(double.webhooks().map((w) => w.events)).toEqual([['payment', 'credit']]);
  });

  it('puts the old webhook back when the replacement is refused after the delete', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/h', events: ['payment'] });
    const refusal = { errors: [{ code: 2001005, message: 'url is not reachable' }], result: { success: false } };
    double.server.inject({
      status: 400,
      body: refusal,
      times: 2,
      match: (r) => r.method === 'POST' && JSON.stringify(r.body).includes('capture'),
    });

    const data = await run(app, UpdateWebhook, { id: webhook.id, input: { events: ['capture'] } });
    const restored = double.webhooks();
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ url: 'https://shop.example/h', events: ['payment'] });
    expect(restored[0]?.webhook_id).not.toBe(webhook.externalId);
    expect(data.updateWebhook).toMatchObject({ __typename: 'ValidationError' });
    expect(JSON.stringify(data.updateWebhook)).toContain(`re-created unchanged with the new id ${restored[0]?.webhook_id}`);
  });

  it('reports both ids when the old webhook cannot be deleted, keeping the new one', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/old', events: ['payment'] });
    const forbidden = { errors: [{ code: 2001003, message: 'Not authorized' }], result: { success: false } };
    double.server.inject({ status: 403, body: forbidden, match: (r) => r.method === 'DELETE' });

    const data = await run(app, UpdateWebhook, { id: webhook.id, input: { url: 'https://shop.example/new' } });
    const stored = double.webhooks();
    expect(stored.map((w) => w.url)).toEqual(['https://shop.example/old', 'https://shop.example/new']);
    const newId = stored[1]?.webhook_id ?? '';
    expect(data.updateWebhook).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_ERROR' });
    const message = (data.updateWebhook as { message: string }).message;
    expect(message).toContain(newId);
    expect(message).toContain(webhook.externalId);
  });

  it('does nothing upstream for a change Bolt cannot see, and refuses fields Bolt lacks', async () => {
    const app = await gateway();
    const webhook = await createBolt(app, { url: 'https://shop.example/h', events: ['payment', 'void'] });
    double.server.resetLog();

    const same = await run(app, UpdateWebhook, { id: webhook.id, input: { name: null, active: true, events: ['void', 'payment'] } });
    expect(same.updateWebhook).toMatchObject({ __typename: 'UpdateWebhookSuccess', previousId: null, webhook: { id: webhook.id } });
    expect(double.server.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    double.server.resetLog();
    const cases: [UpdateWebhookInput, string[]][] = [
      [{ active: false }, ['input', 'active']],
      [{ name: 'Orders' }, ['input', 'name']],
      [{ events: ['payment', 'chargeback'] }, ['input', 'events', '1']],
      [{ urls: ['https://a.example/', 'https://b.example/'] }, ['input', 'urls']],
    ];
    for (const [input, path] of cases) {
      const data = await run(app, UpdateWebhook, { id: webhook.id, input });
      expect(data.updateWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path }] });
    }
    expect(double.server.requests).toHaveLength(0);
  });
});

describe('BOLT testWebhook (emulated deliveries signed like Bolt)', () => {
  it('posts the universal envelope with an X-Bolt-Hmac-Sha256 the receiver can verify', async () => {
    const app = await gateway();
    const hooks = await receiver();
    const webhook = await createBolt(app, { url: hooks.url('/bolt'), events: ['payment', 'void'] });

    const data = await run(app, TestWebhook, { id: webhook.id, event: 'void' });
    expect(data.testWebhook).toMatchObject({
      __typename: 'TestWebhookSuccess',
      result: { testsRun: 1, testsSucceeded: 1, tests: [{ event: 'void', url: hooks.url('/bolt'), success: true, statusCode: 204 }] },
    });
    const [request] = hooks.requests;
    expect(request?.headers['x-bolt-hmac-sha256']).toBe(hmac(request?.body ?? ''));
    expect(request?.headers['content-type']).toBe('application/json');
    const envelope = JSON.parse(request?.body ?? '{}');
    expect(envelope).toMatchObject({ type: 'void', object: 'transaction', data: { status: 'cancelled', reference: expect.any(String) } });
    expect(Object.keys(envelope)).toEqual(['type', 'object', 'data']);
  });

  it('sends every event for an event_group "all" webhook and reports failing receivers', async () => {
    const app = await gateway();
    const hooks = await receiver();
    hooks.options = { status: 500, responseBody: 'nope' };
    const webhook = await createBolt(app, { url: hooks.url(), events: ['*'] });
    const data = await run(app, TestWebhook, { id: webhook.id });
    if (data.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(data.testWebhook));
    expect(data.testWebhook.result).toMatchObject({ testsRun: 12, testsSucceeded: 0, testsFailed: 12 });
    expect(data.testWebhook.result.tests[0]).toMatchObject({ success: false, statusCode: 500, responseBody: 'nope' });
    expect(hooks.requests.map((r) => JSON.parse(r.body).type).sort()).toEqual([...BOLT_DOUBLE_EVENT_TYPES].sort());
    for (const r of hooks.requests) expect(r.headers['x-bolt-hmac-sha256']).toBe(hmac(r.body));
  });

  it('refuses events the webhook does not get, and sends unsigned without a signing secret', async () => {
    const app = await gateway({ BOLT_SIGNING_SECRET: '' });
    const hooks = await receiver();
    const webhook = await createBolt(app, { url: hooks.url(), events: ['payment'] });
    expect(webhook.hasSecret).toBe(false);

    const unknown = await run(app, TestWebhook, { id: webhook.id, event: 'refund' });
    expect(unknown.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
    const notSubscribed = await run(app, TestWebhook, { id: webhook.id, event: 'capture' });
    expect(notSubscribed.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
    expect(hooks.requests).toHaveLength(0);

    const sent = await run(app, TestWebhook, { id: webhook.id });
    expect(sent.testWebhook).toMatchObject({ __typename: 'TestWebhookSuccess', result: { testsSucceeded: 1 } });
    expect(hooks.requests[0]?.headers['x-bolt-hmac-sha256']).toBeUndefined();
  });
});
