/**
 * BLAZE end to end: the public GraphQL API of a real gateway, talking over HTTP to the BLAZE
 * double (test/doubles/blaze-double.ts), with test deliveries reaching real loopback receivers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BLAZE_DOUBLE_COMPANY_ID,
  BLAZE_DOUBLE_DEVELOPER_KEY,
  BLAZE_DOUBLE_PARTNER_KEY,
  BLAZE_DOUBLE_SHOP_ID,
  type BlazeDouble,
  blazeGatewayEnv,
  startBlazeDouble,
} from '../doubles/blaze-double.ts';
import { graphql } from '../generated/index.ts';
import {
  CreateWebhook,
  DeleteWebhook,
  GetNode,
  GetWebhook,
  ListWebhooks,
  Providers,
  RotateSecret,
  TestWebhook,
  UpdateWebhook,
  WebhookEvents,
} from '../support/documents.ts';
import { createTestGateway, execute, run, type TestGateway } from '../support/gateway.ts';
import { Receiver } from '../support/receiver.ts';

const BlazeWebhookScope = graphql(`
  query BlazeWebhookScope($id: ID!) {
    webhook(id: $id) { id externalId scope { shopId companyId divisionId workspaceId } }
  }
`);

const BlazeListInScope = graphql(`
  query BlazeListInScope($scope: WebhookScopeInput, $first: Int, $after: String) {
    webhooks(provider: BLAZE, scope: $scope, first: $first, after: $after) {
      edges { cursor node { id externalId url urls events scope { shopId companyId } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const OTHER_SHOP = '5f0c8a1e2b3c4d5e6f700202';
const LIST = /^\/api\/v1\/partner\/webHooks$/;
const ONE = /^\/api\/v1\/partner\/webHooks\/[^/]+$/;

let double: BlazeDouble;
let gateway: TestGateway;
let receivers: Receiver[] = [];

async function startGateway(env: Record<string, string> = {}): Promise<void> {
  await gateway?.close();
  gateway = await createTestGateway({ ...blazeGatewayEnv(double), UPSTREAM_RETRY_BASE_DELAY_MS: '10', ...env });
}

async function receiver(status = 204): Promise<Receiver> {
  const started = await Receiver.start({ status });
  receivers.push(started);
  return started;
}

beforeEach(async () => {
  double = await startBlazeDouble();
  gateway = await createTestGateway({ ...blazeGatewayEnv(double), UPSTREAM_RETRY_BASE_DELAY_MS: '10' });
});

afterEach(async () => {
  await gateway.close();
  await double.close();
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function createBlaze(input: { url: string; urls?: string[]; events?: string[] }) {
  const data = await run(gateway.app, CreateWebhook, {
    input: { provider: 'BLAZE', events: ['NEW_CONSUMER_ORDER'], ...input },
  });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return data.createWebhook;
}

async function blazeIdOf(externalId: string): Promise<string> {
  const listed = await run(gateway.app, BlazeListInScope, { first: 100 });
  const edge = listed.webhooks.edges.find((e) => e.node.externalId === externalId);
  if (!edge) throw new Error(`${externalId} is not listed`);
  return edge.node.id;
}

describe('BLAZE through GraphQL', () => {
  it('shows BLAZE as configured, with its capabilities', async () => {
    const { providers } = await run(gateway.app, Providers);
    expect(providers.find((p) => p.name === 'BLAZE')).toEqual({
      name: 'BLAZE',
      configured: true,
      capabilities: {
        list: true,
        create: true,
        update: true,
        delete: true,
        test: true,
        rotateSecret: false,
        multipleUrls: true,
        maxEventsPerWebhook: 1,
      },
    });
  });

  it('lists the swagger webHookType values with titles and samples, without calling BLAZE', async () => {
    const { webhookEvents } = await run(gateway.app, WebhookEvents, { provider: 'BLAZE' });
    expect(webhookEvents.map((e) => e.name)).toEqual([
      'NEW_CONSUMER_ORDER',
      'NEW_CONSUMER_SIGNUP',
      'UPDATE_CONSUMER_ORDER',
      'UPDATE_CONSUMER_USER',
      'NEW_MEMBER',
      'UPDATE_MEMBER',
      'COMPLETE_TRANSACTION',
      'UPDATE_PRODUCT',
    ]);
    for (const event of webhookEvents) {
      expect(event).toMatchObject({ provider: 'BLAZE', title: expect.any(String), category: expect.any(String) });
      expect(event.example).toMatchObject({ id: expect.any(String) });
    }
    expect(double.server.requests).toHaveLength(0);
  });

  it('creates, reads, lists, updates, tests and deletes a webhook with several URLs', async () => {
    const first = await receiver();
    const second = await receiver();
    const created = await createBlaze({ url: first.url('/a'), urls: [second.url('/b')] });

    expect(created.secret).toBeNull();
    const webhook = created.webhook;
    expect(webhook).toMatchObject({
      provider: 'BLAZE',
      url: first.url('/a'),
      urls: [first.url('/a'), second.url('/b')],
      name: null,
      events: ['NEW_CONSUMER_ORDER'],
      active: true,
      isTest: false,
      hasSecret: false,
    });
    expect(webhook.externalId).toMatch(/^[0-9a-f]{24}$/);
    expect(Date.parse(webhook.createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const post = double.server.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      webHookType: 'NEW_CONSUMER_ORDER',
      webHookUrls: [first.url('/a'), second.url('/b')],
      url: first.url('/a'),
      shopId: BLAZE_DOUBLE_SHOP_ID,
    });
    expect(post?.headers).toMatchObject({
      'x-api-key': BLAZE_DOUBLE_PARTNER_KEY,
      partner_key: BLAZE_DOUBLE_PARTNER_KEY,
      authorization: BLAZE_DOUBLE_DEVELOPER_KEY,
    });

    const fetched = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook).toMatchObject({ id: webhook.id, urls: webhook.urls, eventTypes: [{ name: 'NEW_CONSUMER_ORDER' }] });
    const scoped = await run(gateway.app, BlazeWebhookScope, { id: webhook.id });
    expect(scoped.webhook?.scope).toEqual({
      shopId: BLAZE_DOUBLE_SHOP_ID,
      companyId: BLAZE_DOUBLE_COMPANY_ID,
      divisionId: null,
      workspaceId: null,
    });
    const node = await run(gateway.app, GetNode, { id: webhook.id });
    expect(node.node).toEqual({ __typename: 'Webhook', id: webhook.id, url: webhook.url });

    const listed = await run(gateway.app, ListWebhooks, { provider: 'BLAZE', first: 10 });
    expect(listed.webhooks.edges.map((e) => e.node.id)).toEqual([webhook.id]);
    expect(listed.webhooks.edges[0]?.node.eventTypes).toEqual([{ name: 'NEW_CONSUMER_ORDER', title: 'New consumer order' }]);

    const updated = await run(gateway.app, UpdateWebhook, {
      id: webhook.id,
      input: { urls: [second.url('/b'), first.url('/c')], events: ['UPDATE_CONSUMER_ORDER'] },
    });
    expect(updated.updateWebhook).toMatchObject({
      __typename: 'UpdateWebhookSuccess',
      previousId: null,
      webhook: { id: webhook.id, url: second.url('/b'), urls: [second.url('/b'), first.url('/c')], events: ['UPDATE_CONSUMER_ORDER'] },
    });
    const stored = double.webhooks.get(webhook.externalId);
    const put = double.server.requests.find((r) => r.method === 'PUT');
    // The full PartnerWebHook: the current record with the change applied.
    expect(put?.body).toEqual({
      id: webhook.externalId,
      created: stored?.created,
      modified: stored?.created,
      deleted: false,
      updated: false,
      dirty: false,
      companyId: BLAZE_DOUBLE_COMPANY_ID,
      shopId: BLAZE_DOUBLE_SHOP_ID,
      url: second.url('/b'),
      webHookType: 'UPDATE_CONSUMER_ORDER',
      webHookUrls: [second.url('/b'), first.url('/c')],
    });

    // `url` alone replaces the first target and keeps the others.
    const moved = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { url: first.url('/d') } });
    expect(moved.updateWebhook).toMatchObject({ webhook: { urls: [first.url('/d'), first.url('/c')] } });

    const tested = await run(gateway.app, TestWebhook, { id: webhook.id });
    if (tested.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(tested.testWebhook));
    expect(tested.testWebhook.result).toMatchObject({ testsRun: 2, testsSucceeded: 2, testsFailed: 0 });
    expect(tested.testWebhook.result.tests.map((t) => [t.event, t.url, t.statusCode]).sort()).toEqual(
      [
        ['UPDATE_CONSUMER_ORDER', first.url('/c'), 204],
        ['UPDATE_CONSUMER_ORDER', first.url('/d'), 204],
      ].sort(),
    );
    expect(first.requests).toHaveLength(2);

    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect(double.webhooks.size).toBe(0);
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    const again = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(again.deleteWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('tests every URL with an unsigned sample and reports each receiver', async () => {
    const ok = await receiver(200);
    const failing = await receiver(500);
    const { webhook } = await createBlaze({ url: ok.url('/ok'), urls: [failing.url('/fail')], events: ['NEW_MEMBER'] });

    const tested = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'NEW_MEMBER' });
    if (tested.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(tested.testWebhook));
    const { result } = tested.testWebhook;
    expect(result).toMatchObject({ testsRun: 2, testsSucceeded: 1, testsFailed: 1 });
    expect(result.tests.find((t) => t.url === failing.url('/fail'))).toMatchObject({
      event: 'NEW_MEMBER',
      success: false,
      statusCode: 500,
      error: 'The receiver answered HTTP 500',
    });

    const { webhookEvents } = await run(gateway.app, WebhookEvents, { provider: 'BLAZE' });
    const sample = webhookEvents.find((e) => e.name === 'NEW_MEMBER')?.example;
    for (const r of [ok, failing]) {
      expect(r.requests).toHaveLength(1);
      const [request] = r.requests;
      expect(JSON.parse(request?.body ?? '')).toEqual({ webHookType: 'NEW_MEMBER', shopId: BLAZE_DOUBLE_SHOP_ID, data: sample });
      expect(request?.headers['content-type']).toBe('application/json');
      expect(Object.keys(request?.headers ?? {}).filter((h) => /signature|hmac|webhook-/i.test(h))).toEqual([]);
    }
  });

  it('testWebhook refuses an event the webhook does not carry, and a malformed one', async () => {
    const { webhook } = await createBlaze({ url: 'https://example.com/blaze' });
    const other = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'NEW_MEMBER' });
    expect(other.testWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['event'], message: 'the webhook is subscribed to NEW_CONSUMER_ORDER, not NEW_MEMBER' }],
    });
    const malformed = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'new member' });
    expect(malformed.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
  });

  it('rotateWebhookSecret is an unsupported operation', async () => {
    const { webhook } = await createBlaze({ url: 'https://example.com/blaze' });
    const rotated = await run(gateway.app, RotateSecret, { id: webhook.id });
    expect(rotated.rotateWebhookSecret).toMatchObject({ __typename: 'UnsupportedOperationError', code: 'UNSUPPORTED_OPERATION' });
  });

  it('passes a well-formed webHookType outside the catalogue through, and shows BLAZE refusing it', async () => {
    const seeded = double.seed({ webHookType: 'TRANSACTION_UPDATE' });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(listed.webhooks.edges[0]?.node).toMatchObject({
      externalId: seeded.id,
      events: ['TRANSACTION_UPDATE'],
      eventTypes: [{ name: 'TRANSACTION_UPDATE', title: null }],
    });

    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['CREATE_TRANSACTION'] },
    });
    expect(created.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input'], message: 'BLAZE rejected the request: Invalid webHookType: "CREATE_TRANSACTION" (field webHookType)' }],
    });
    expect(double.server.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ webHookType: 'CREATE_TRANSACTION' });
    expect(double.webhooks.size).toBe(1);
  });

  it('a duplicate create is refused by BLAZE and surfaces as a ValidationError with its message', async () => {
    await createBlaze({ url: 'https://example.com/dup' });
    const again = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/dup', events: ['NEW_CONSUMER_ORDER'] },
    });
    expect(again.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: ['input'], message: expect.stringMatching(/^BLAZE rejected the request: .*already exists/) }],
    });
    expect(double.webhooks.size).toBe(1);
  });

  it('an injected 422 is a ValidationError carrying whichever message field BLAZE used', async () => {
    double.server.inject({ status: 422, body: { error: 'Unprocessable', status: 422 } });
    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] },
    });
    expect(created.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input'], message: 'BLAZE rejected the request: Unprocessable' }],
    });
  });
});

describe('BLAZE refuses what it cannot hold before calling upstream', () => {
  const cases: { name: string; input: Record<string, unknown>; path: string[]; message: RegExp }[] = [
    { name: 'two events', input: { events: ['NEW_MEMBER', 'UPDATE_MEMBER'] }, path: ['input', 'events'], message: /exactly one event type/ },
    { name: 'the * wildcard', input: { events: ['*'] }, path: ['input', 'events', '0'], message: /no "all events"/ },
    { name: 'a lower-case type', input: { events: ['new_member'] }, path: ['input', 'events', '0'], message: /capital letters/ },
    { name: 'a name', input: { name: 'Orders' }, path: ['input', 'name'], message: /no name/ },
    { name: 'active false', input: { active: false }, path: ['input', 'active'], message: /cannot be paused/ },
    { name: 'isTest true', input: { isTest: true }, path: ['input', 'isTest'], message: /no test webhooks/ },
    {
      name: 'a secret',
      input: { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` },
      path: ['input', 'secret'],
      message: /does not sign/,
    },
    { name: 'a companyId', input: { scope: { companyId: 'c1' } }, path: ['input', 'scope', 'companyId'], message: /developer key/ },
    { name: 'a divisionId', input: { scope: { divisionId: 'd1' } }, path: ['input', 'scope', 'divisionId'], message: /not a BLAZE scope/ },
  ];

  it.each(cases)('$name', async ({ input, path, message }) => {
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'], ...input },
    });
    const result = data.createWebhook;
    if (result.__typename !== 'ValidationError') throw new Error(`expected ValidationError, got ${JSON.stringify(result)}`);
    expect(result.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(double.server.requests).toHaveLength(0);
    expect(double.webhooks.size).toBe(0);
  });

  it('reports every problem at once', async () => {
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['A', 'B'], name: 'n', active: false },
    });
    expect(data.createWebhook.__typename === 'ValidationError' && data.createWebhook.fieldErrors.map((e) => e.path)).toEqual([
      ['input', 'name'],
      ['input', 'active'],
      ['input', 'events'],
    ]);
  });

  it('requires a shop when BLAZE_SHOP_ID is not set, and creates nothing', async () => {
    await startGateway({ BLAZE_SHOP_ID: '' });
    const missing = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] },
    });
    expect(missing.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'scope', 'shopId'], message: 'is required: give scope.shopId or set BLAZE_SHOP_ID' }],
    });
    expect(double.server.requests).toHaveLength(0);

    const given = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'], scope: { shopId: OTHER_SHOP } },
    });
    expect(given.createWebhook.__typename).toBe('CreateWebhookSuccess');
    expect(double.server.requests[0]?.body).toMatchObject({ shopId: OTHER_SHOP });
  });

  it('refuses an update BLAZE cannot hold without writing anything', async () => {
    const { webhook } = await createBlaze({ url: 'https://example.com/x' });
    double.server.resetLog();
    for (const input of [{ events: ['NEW_MEMBER', 'UPDATE_MEMBER'] }, { name: 'n' }, { active: false }, { isTest: true }]) {
      const data = await run(gateway.app, UpdateWebhook, { id: webhook.id, input });
      expect(data.updateWebhook.__typename).toBe('ValidationError');
    }
    expect(double.server.requests).toHaveLength(0);
    // Clearing the name, or restating what BLAZE holds anyway, is fine.
    const data = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { name: null, active: true, isTest: false } });
    expect(data.updateWebhook.__typename).toBe('UpdateWebhookSuccess');
  });
});

describe('BLAZE listing', () => {
  it('pages with offset cursors in BLAZE order, in the configured shop', async () => {
    const seeded = Array.from({ length: 5 }, (_, i) => double.seed({ webHookUrls: [`https://example.com/${i}`] }));
    double.seed({ shopId: OTHER_SHOP });
    const listPage = (after: string | null) => run(gateway.app, BlazeListInScope, { first: 2, after });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: Awaited<ReturnType<typeof listPage>> = await listPage(after);
      seen.push(...data.webhooks.edges.map((e) => e.node.externalId));
      expect(data.webhooks.pageInfo.hasNextPage).toBe(page < 2);
      after = data.webhooks.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(seeded.map((s) => s.id));
    const calls = double.server.requests.filter((r) => r.method === 'GET' && LIST.test(r.path));
    expect(calls.map((r) => Object.fromEntries(r.query))).toEqual([
      { start: '0', limit: '2', shopId: BLAZE_DOUBLE_SHOP_ID },
      { start: '2', limit: '2', shopId: BLAZE_DOUBLE_SHOP_ID },
      { start: '4', limit: '2', shopId: BLAZE_DOUBLE_SHOP_ID },
    ]);
  });

  it('lists another shop through scope, and every shop when no shop is configured', async () => {
    double.seed();
    const other = double.seed({ shopId: OTHER_SHOP });
    const scoped = await run(gateway.app, BlazeListInScope, { scope: { shopId: OTHER_SHOP } });
    expect(scoped.webhooks.edges.map((e) => e.node)).toMatchObject([
      { externalId: other.id, scope: { shopId: OTHER_SHOP, companyId: BLAZE_DOUBLE_COMPANY_ID } },
    ]);

    await startGateway({ BLAZE_SHOP_ID: '' });
    double.server.resetLog();
    const all = await run(gateway.app, BlazeListInScope, { first: 20 });
    expect(all.webhooks.edges).toHaveLength(2);
    expect(double.server.requests[0]?.query.has('shopId')).toBe(false);
  });

  it('hides soft-deleted records and keeps the page full', async () => {
    const [a, gone, b, c] = [double.seed(), double.seed({ deleted: true }), double.seed(), double.seed()];
    const listed = await run(gateway.app, BlazeListInScope, { first: 3 });
    expect(listed.webhooks.edges.map((e) => e.node.externalId)).toEqual([a.id, b.id, c.id]);
    expect(listed.webhooks.edges.map((e) => e.node.externalId)).not.toContain(gone.id);
    expect(listed.webhooks.pageInfo.hasNextPage).toBe(false);
    // The page of 3 held a deleted record, so a second call filled it.
    expect(double.server.count('GET', LIST)).toBe(2);
  });

  it('lists 50 webhooks with their event types in one upstream call (no N+1)', async () => {
    for (let i = 0; i < 50; i++) double.seed({ webHookType: i % 2 ? 'NEW_MEMBER' : 'UPDATE_PRODUCT', webHookUrls: [`https://example.com/${i}`] });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'BLAZE', first: 50 });
    expect(listed.webhooks.edges).toHaveLength(50);
    expect(listed.webhooks.edges.every((e) => e.node.eventTypes[0]?.title)).toBe(true);
    expect(double.server.count('GET', LIST)).toBe(1);
    expect(double.server.count('GET', ONE)).toBe(0);
    expect(double.server.requests).toHaveLength(1);
  });
});

describe('BLAZE failures', () => {
  it('401: refused credentials are an UpstreamError; a merged listing keeps the other providers', async () => {
    await startGateway({ BLAZE_DEVELOPER_KEY: 'wrong-developer-key' });
    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] },
    });
    expect(created.createWebhook).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_ERROR',
      message: 'BLAZE refused the credentials (HTTP 401): Invalid developer key',
    });
    const listed = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'BLAZE', status: 401, retryable: false });
    const merged = await run(gateway.app, ListWebhooks, { first: 20 });
    expect(merged.webhooks.providerErrors).toEqual([
      { provider: 'BLAZE', code: 'UPSTREAM_ERROR', message: 'BLAZE refused the credentials (HTTP 401): Invalid developer key' },
    ]);
    expect(JSON.stringify([created, listed, merged])).not.toContain('wrong-developer-key');
  });

  it('403: a missing partner permission is an UpstreamError with BLAZE’s message', async () => {
    double.server.inject({ status: 403, body: { error: 'Forbidden', message: 'Partner key lacks permission NORMAL', status: 403 } });
    const listed = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(listed.errors?.[0]?.message).toBe('BLAZE refused the credentials (HTTP 403): Partner key lacks permission NORMAL');
    expect(listed.errors?.[0]?.extensions).toMatchObject({ status: 403, retryable: false });
  });

  it('404: a webhook gone at BLAZE is null in queries and NotFoundError in mutations', async () => {
    const { webhook } = await createBlaze({ url: 'https://example.com/x' });
    double.webhooks.clear();
    double.server.resetLog();
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    expect((await run(gateway.app, GetNode, { id: webhook.id })).node).toBeNull();
    const updated = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { events: ['NEW_MEMBER'] } });
    expect(updated.updateWebhook).toMatchObject({ __typename: 'NotFoundError', id: webhook.externalId });
    const tested = await run(gateway.app, TestWebhook, { id: webhook.id });
    expect(tested.testWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(double.server.count('PUT', ONE)).toBe(0);
  });

  it('a soft-deleted record counts as missing', async () => {
    const hook = double.seed();
    const id = await blazeIdOf(hook.id);
    hook.deleted = true;
    expect((await run(gateway.app, GetWebhook, { id })).webhook).toBeNull();
  });

  it('accepts any 2xx answer to DELETE, whatever its body', async () => {
    const { webhook } = await createBlaze({ url: 'https://example.com/x' });
    double.server.inject({ match: (r) => r.method === 'DELETE', status: 200, body: 'Deleted', headers: { 'content-type': 'text/plain' } });
    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook.__typename).toBe('DeleteWebhookSuccess');
  });

  it('500 then success: idempotent calls are retried, creates are not', async () => {
    double.seed();
    double.server.inject({ status: 500, body: { message: 'Internal error' } });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(listed.webhooks.edges).toHaveLength(1);
    expect(double.server.count('GET', LIST)).toBe(2);

    double.server.inject({ status: 503, body: { message: 'Unavailable' } });
    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] },
    });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_ERROR' });
    expect(created.createWebhook.__typename === 'UpstreamError' && created.createWebhook.message).toMatch(/HTTP 503: Unavailable/);
    expect(double.server.count('POST', LIST)).toBe(1);
    expect(double.webhooks.size).toBe(1);

    // A proxy's HTML error page is not quoted; the status says enough.
    double.server.inject({ status: 502, body: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' }, times: 3 });
    const proxied = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(proxied.errors?.[0]?.message).toBe('BLAZE list webhooks (GET /api/v1/partner/webHooks) failed with HTTP 502');
    expect(proxied.errors?.[0]?.extensions).toMatchObject({ status: 502, retryable: true });
  });

  it('a timeout is a retryable UpstreamError, and the next call works', async () => {
    await startGateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '100', UPSTREAM_MAX_RETRIES: '0' });
    // undici checks header timeouts on a coarse (~0.5 s) clock, so the stall must outlast that.
    double.server.inject({ delayMs: 1_500 });
    const listed = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(listed.errors?.[0]?.message).toMatch(/^BLAZE list webhooks \(GET \/api\/v1\/partner\/webHooks\) timed out$/);
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: null, retryable: true });
    expect((await run(gateway.app, ListWebhooks, { provider: 'BLAZE' })).webhooks.edges).toEqual([]);
  });

  it('malformed or unexpected bodies are UpstreamErrors, and the gateway carries on', async () => {
    double.server.inject({ malformed: true });
    const malformed = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(malformed.errors?.[0]?.message).toMatch(/answered with malformed JSON/);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });

    double.server.inject({ status: 200, body: { values: 'nope' } });
    const unexpected = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(unexpected.errors?.[0]?.message).toMatch(/answered with an unexpected body at values/);

    double.server.inject({ status: 200, body: { webHookType: 'NEW_MEMBER' } });
    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] },
    });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', message: expect.stringMatching(/unexpected body at id/) });

    expect((await run(gateway.app, ListWebhooks, { provider: 'BLAZE' })).webhooks.edges).toEqual([]);
  });

  it('the circuit opens after repeated failures and a probe closes it after the open period', async () => {
    await startGateway({ UPSTREAM_MAX_RETRIES: '0', UPSTREAM_BREAKER_THRESHOLD: '2', UPSTREAM_BREAKER_OPEN_MS: '300' });
    double.server.inject({ status: 500, body: { message: 'down' }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const failed = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
      expect(failed.errors?.[0]?.message).toMatch(/HTTP 500: down/);
    }
    const open = await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' });
    expect(open.errors?.[0]?.message).toMatch(/circuit open/);
    expect(open.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: null, retryable: true });
    expect(double.server.requests).toHaveLength(2);

    await sleep(350);
    expect((await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' })).errors).toBeUndefined();
    expect((await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' })).errors).toBeUndefined();
    expect(double.server.requests).toHaveLength(4);
  });

  it('never shows a credential, even when BLAZE echoes one', async () => {
    const echo = `partner ${BLAZE_DOUBLE_PARTNER_KEY} with developer key ${BLAZE_DOUBLE_DEVELOPER_KEY} refused`;
    const responses: unknown[] = [];
    const attempt = async () => {
      responses.push(await execute(gateway.app, ListWebhooks, { provider: 'BLAZE' }));
      responses.push(
        await execute(gateway.app, CreateWebhook, { input: { provider: 'BLAZE', url: 'https://example.com/x', events: ['NEW_MEMBER'] } }),
      );
    };
    double.server.inject({ status: 401, body: { message: echo }, times: 2 });
    await attempt();
    double.server.inject({ status: 500, body: echo, headers: { 'content-type': 'text/plain' }, times: 4 });
    await attempt();
    double.server.inject({ status: 400, body: { error: echo, field: 'webHookUrls' } });
    await attempt();
    double.server.inject({ malformed: true, times: 2 });
    await attempt();
    const text = JSON.stringify(responses);
    expect(text).toContain('[redacted]');
    expect(text).toMatch(/HTTP 401/);
    expect(text).toMatch(/HTTP 500/);
    expect(text).toMatch(/malformed JSON/);
    expect(text).not.toContain(BLAZE_DOUBLE_PARTNER_KEY);
    expect(text).not.toContain(BLAZE_DOUBLE_DEVELOPER_KEY);
  });
});

describe('the BLAZE double', () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${double.url}${path}`, init);
  const auth = { 'x-api-key': BLAZE_DOUBLE_PARTNER_KEY, authorization: BLAZE_DOUBLE_DEVELOPER_KEY };

  it('requires the developer key and a partner key in either header', async () => {
    const missing = await call('/api/v1/partner/webHooks', { headers: { 'x-api-key': BLAZE_DOUBLE_PARTNER_KEY } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'Unauthorized', message: 'Missing developer key', status: 401 });
    const legacy = await call('/api/v1/partner/webHooks', {
      headers: { partner_key: BLAZE_DOUBLE_PARTNER_KEY, authorization: BLAZE_DOUBLE_DEVELOPER_KEY },
    });
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toEqual({ values: [], skip: 0, limit: 200, total: 0 });
    const conflicting = await call('/api/v1/partner/webHooks', { headers: { ...auth, partner_key: 'other' } });
    expect(conflicting.status).toBe(401);
  });

  it('refuses unknown fields, missing fields, wrong methods and non-JSON bodies', async () => {
    const json = { ...auth, 'content-type': 'application/json' };
    const post = (body: unknown) => call('/api/v1/partner/webHooks', { method: 'POST', headers: json, body: JSON.stringify(body) });
    const unknown = await post({ webHookType: 'NEW_MEMBER', webHookUrls: ['https://e.com'], name: 'x' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'Invalid argument', message: 'unknown field(s): name' });
    expect((await post({ webHookType: 'NEW_MEMBER' })).status).toBe(400);
    expect((await call('/api/v1/partner/webHooks', { method: 'PATCH', headers: auth })).status).toBe(405);
    const text = await call('/api/v1/partner/webHooks', { method: 'POST', headers: auth, body: 'x' });
    expect(text.status).toBe(400);
    expect(double.webhooks.size).toBe(0);
  });
});
