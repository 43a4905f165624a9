/**
 * The UP42 adapter end to end: the public GraphQL API of a real gateway, against the UP42
 * double over real HTTP (token endpoint included), with a loopback receiver for the test
 * notifications the double sends.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startUp42Double,
  UP42_DOUBLE_PASSWORD,
  UP42_DOUBLE_TOKEN,
  UP42_DOUBLE_WORKSPACE_ID,
  UP42_TOKEN_PATH,
  up42GatewayEnv,
  type Up42Double,
  type Up42DoubleOptions,
  type Up42GatewayEnvOptions,
} from '../doubles/up42-double.ts';
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

const Up42ListWebhooks = graphql(`
  query Up42ListWebhooks($scope: WebhookScopeInput, $first: Int, $after: String) {
    webhooks(provider: UP42, scope: $scope, first: $first, after: $after) {
      edges { cursor node { id externalId name hasSecret createdAt scope { workspaceId } eventTypes { name title } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const OTHER_WORKSPACE = '9d0e7c55-1b2a-4c3d-8e9f-a0b1c2d3e4f5';
const LIST_PATH = /^\/workspaces\/[^/]+\/webhooks$/;
const ITEM_PATH = /^\/workspaces\/[^/]+\/webhooks\/[^/]+$/;
const EVENTS_PATH = /^\/webhooks\/events$/;
const TOKEN_PATH = /^\/realms\/public\/protocol\/openid-connect\/token$/;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Setup {
  double: Up42Double;
  gateway: TestGateway;
}

async function setup(
  options: { double?: Up42DoubleOptions; env?: Up42GatewayEnvOptions; extraEnv?: Record<string, string> } = {},
): Promise<Setup> {
  const double = await startUp42Double({ workspaces: [UP42_DOUBLE_WORKSPACE_ID], ...options.double });
  cleanups.push(() => double.close());
  const gateway = await createTestGateway({
    ...up42GatewayEnv(double, options.env),
    UPSTREAM_RETRY_BASE_DELAY_MS: '10',
    ...options.extraEnv,
  });
  cleanups.push(() => gateway.close());
  return { double, gateway };
}

async function startReceiver(): Promise<Receiver> {
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  return receiver;
}

async function rawQuery(gateway: TestGateway, query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

async function create(gateway: TestGateway, input: Partial<Parameters<typeof createInput>[0]> = {}) {
  const data = await run(gateway.app, CreateWebhook, { input: createInput(input) });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return data.createWebhook;
}

function createInput(input: { url?: string; events?: string[]; name?: string; secret?: string; scope?: { workspaceId?: string } } = {}) {
  return { provider: 'UP42' as const, url: 'https://hooks.example.com/up42', events: ['order.status'], ...input };
}

/** Verifies UP42's signature as UP42's own snippet does (up42/up42-webhooks validate_webhook.py). */
function verifyUp42Signature(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const input = String(headers['signature-input'] ?? '');
  const listed = /up42-sig=\((.*)\);/.exec(input)?.[1];
  const created = Number(/created=(\d{10,20})/.exec(input)?.[1]);
  if (!listed || Math.abs(Date.now() / 1000 - created) > 300) return false;
  const names: string[] = listed.match(/[^"\s]+/g) ?? [];
  // The body is covered only through a digest header; make sure it is listed and matches.
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  if (!names.includes('content-digest') || headers['content-digest'] !== digest) return false;
  const expected = createHmac('sha256', secret).update(names.map((n) => String(headers[n])).join('')).digest();
  const header = String(headers.signature ?? '');
  const given = Buffer.from(header.slice(header.indexOf('=') + 1), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('UP42 through GraphQL', () => {
  it('shows UP42 configured with its capabilities', async () => {
    const { gateway } = await setup();
    const { providers } = await run(gateway.app, Providers);
    expect(providers.find((p) => p.name === 'UP42')).toEqual({
      name: 'UP42',
      configured: true,
      capabilities: {
        list: true,
        create: true,
        update: true,
        delete: true,
        test: true,
        rotateSecret: true,
        multipleUrls: false,
        maxEventsPerWebhook: null,
      },
    });
  });

  it('creates, reads, lists, updates, tests, rotates and deletes a webhook', async () => {
    const { double, gateway } = await setup();
    const receiver = await startReceiver();
    const url = receiver.url('/up42');

    // Create: no name and no secret given, so the adapter derives one and generates the other.
    const created = await create(gateway, { url, events: ['order.status'] });
    const secret = created.secret ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = double.webhooks();
    expect(stored).toMatchObject({ url, name: `hookgate-127.0.0.1:${receiver.port}`, secret, active: true, events: ['order.status'] });
    const createCall = double.server.requests.find((r) => r.method === 'POST' && LIST_PATH.test(r.path));
    expect(Object.keys(createCall?.body as object).sort()).toEqual(['active', 'events', 'name', 'secret', 'url']);
    expect(createCall?.headers.authorization).toMatch(/^Bearer up42-double-/);
    const webhook = created.webhook;
    expect(webhook).toMatchObject({
      provider: 'UP42',
      externalId: stored?.id,
      url,
      urls: [url],
      name: stored?.name,
      events: ['order.status'],
      active: true,
      isTest: false,
      hasSecret: true,
    });

    // Read it back three ways.
    const fetched = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook).toMatchObject({ id: webhook.id, eventTypes: [{ name: 'order.status' }] });
    const node = await run(gateway.app, GetNode, { id: webhook.id });
    expect(node.node).toEqual({ __typename: 'Webhook', id: webhook.id, url });
    const listed = await run(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.webhooks.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        id: webhook.id,
        hasSecret: true,
        scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID },
        eventTypes: [{ name: 'order.status', title: 'Order Status Updates' }],
      }),
    ]);

    // Update: a partial change becomes a full PUT that keeps the secret.
    const updated = await run(gateway.app, UpdateWebhook, {
      id: webhook.id,
      input: { events: ['order.status', 'job.status'], name: 'Orders and jobs' },
    });
    expect(updated.updateWebhook).toMatchObject({
      __typename: 'UpdateWebhookSuccess',
      previousId: null,
      webhook: { id: webhook.id, name: 'Orders and jobs', events: ['order.status', 'job.status'], url, hasSecret: true },
    });
    const put = double.server.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ events: ['order.status', 'job.status'], name: 'Orders and jobs', url, secret, active: true });
    // Clearing the name gives back the derived one, since UP42 requires a name.
    const renamed = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { name: null, active: false } });
    expect(renamed.updateWebhook).toMatchObject({ webhook: { name: `hookgate-127.0.0.1:${receiver.port}`, active: false } });
    expect(double.webhooks()[0]?.secret).toBe(secret);

    // Test: UP42 (the double) delivers one signed notification per subscribed event.
    const tested = await run(gateway.app, TestWebhook, { id: webhook.id });
    if (tested.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(tested.testWebhook));
    expect(tested.testWebhook.result).toMatchObject({ testsRun: 2, testsSucceeded: 2, testsFailed: 0 });
    expect(tested.testWebhook.result.tests.map((t) => [t.event, t.url, t.success, t.statusCode]).sort()).toEqual([
      ['job.status', url, true, 204],
      ['order.status', url, true, 204],
    ]);
    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) expect(verifyUp42Signature(request.headers, request.body, secret)).toBe(true);
    expect(receiver.requests.map((r) => (JSON.parse(r.body) as { event: string }).event).sort()).toEqual(['job.status', 'order.status']);

    const one = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'job.status' });
    expect(one.testWebhook).toMatchObject({ result: { testsRun: 1, tests: [{ event: 'job.status', success: true }] } });
    expect(double.server.requests.at(-1)?.body).toEqual({ event: 'job.status' });
    const wrong = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'catalog.updated' });
    expect(wrong.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });

    // Rotate: a new secret, set at UP42 with the rest unchanged, returned once; it signs from now on.
    const rotated = await run(gateway.app, RotateSecret, { id: webhook.id });
    if (rotated.rotateWebhookSecret.__typename !== 'RotateWebhookSecretSuccess') throw new Error('rotation failed');
    const newSecret = rotated.rotateWebhookSecret.secret;
    expect(newSecret).not.toBe(secret);
    expect(double.webhooks()[0]).toMatchObject({ secret: newSecret, events: ['order.status', 'job.status'], active: false });
    receiver.requests.length = 0;
    await run(gateway.app, TestWebhook, { id: webhook.id, event: 'order.status' });
    const [delivery] = receiver.requests;
    expect(delivery && verifyUp42Signature(delivery.headers, delivery.body, newSecret)).toBe(true);
    expect(delivery && verifyUp42Signature(delivery.headers, delivery.body, secret)).toBe(false);

    // Delete.
    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect(double.webhooks()).toEqual([]);
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    const again = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(again.deleteWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('lists the event catalogue with samples', async () => {
    const { gateway } = await setup();
    const { webhookEvents } = await run(gateway.app, WebhookEvents, { provider: 'UP42' });
    expect(webhookEvents.map((e) => [e.name, e.title, e.category, e.provider])).toEqual([
      ['job.status', 'Job Status Updates', 'job', 'UP42'],
      ['order.status', 'Order Status Updates', 'order', 'UP42'],
    ]);
    expect(webhookEvents[1]?.example).toEqual({ event: 'order.status', body: { status: 'FULFILLED' } });
  });

  it('keeps a given secret and name, and expands "*" to every UP42 event', async () => {
    const { double, gateway } = await setup();
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const created = await create(gateway, { events: ['*'], name: 'All of it', secret });
    expect(created.secret).toBe(secret);
    expect(created.webhook).toMatchObject({ name: 'All of it', events: ['job.status', 'order.status'] });
    expect(double.webhooks()[0]).toMatchObject({ secret, events: ['job.status', 'order.status'] });
  });

  it('uses a configured token as is, without the token endpoint', async () => {
    const { double, gateway } = await setup({ env: { auth: 'token' } });
    await create(gateway);
    expect((await run(gateway.app, Up42ListWebhooks, { first: 20 })).webhooks.edges).toHaveLength(1);
    expect(double.server.count('POST', TOKEN_PATH)).toBe(0);
    expect(double.server.requests.filter((r) => LIST_PATH.test(r.path)).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${UP42_DOUBLE_TOKEN}`,
      `Bearer ${UP42_DOUBLE_TOKEN}`,
    ]);
  });

  it('renews the token before it expires and fetches a fresh one once after a 401', async () => {
    const { double, gateway } = await setup({ double: { expiresInSeconds: 1 } });
    await run(gateway.app, Up42ListWebhooks, { first: 20 });
    await run(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(double.server.count('POST', TOKEN_PATH)).toBe(1);
    const token = double.server.requests.find((r) => r.path === UP42_TOKEN_PATH);
    expect(Object.fromEntries(new URLSearchParams(token?.rawBody))).toEqual({
      grant_type: 'password',
      username: 'hookgate@example.com',
      password: UP42_DOUBLE_PASSWORD,
      client_id: 'up42-sdk',
    });

    // At 80 % of its second of life the token is renewed, before UP42 would refuse it.
    await sleep(850);
    await run(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(double.server.count('POST', TOKEN_PATH)).toBe(2);
    expect(double.server.count('GET', LIST_PATH)).toBe(3);

    // UP42 refuses a token it revoked: the adapter drops it, fetches one more and retries once.
    double.revokeTokens();
    const listed = await run(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.webhooks.edges).toEqual([]);
    expect(double.server.count('POST', TOKEN_PATH)).toBe(3);
    expect(double.server.count('GET', LIST_PATH)).toBe(5);
  });

  it('pages the unpaged UP42 list newest first with per-item cursors', async () => {
    const { double, gateway } = await setup();
    const ids = [3, 1, 4, 0, 2].map((minute) =>
      double.seed({ url: `https://hooks.example.com/${minute}`, createdAt: `2024-05-01T10:0${minute}:00.123456Z` }),
    );
    const newestFirst = [...ids].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((w) => w.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: { webhooks: { edges: { node: { externalId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } =
        await run(gateway.app, Up42ListWebhooks, { first: 2, after });
      seen.push(...data.webhooks.edges.map((e) => e.node.externalId));
      expect(data.webhooks.pageInfo.hasNextPage).toBe(page < 2);
      after = data.webhooks.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(newestFirst);
    const tooMany = await execute(gateway.app, Up42ListWebhooks, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists 50 webhooks with their event types in one list call and at most one catalogue fetch', async () => {
    const { double, gateway } = await setup();
    for (let i = 0; i < 50; i++) {
      double.seed({ url: `https://hooks.example.com/${i}`, events: i % 2 ? ['order.status'] : ['order.status', 'job.status'] });
    }
    double.server.resetLog();
    const data = await run(gateway.app, ListWebhooks, { provider: 'UP42', first: 100 });
    expect(data.webhooks.edges).toHaveLength(50);
    expect(data.webhooks.edges.every((e) => e.node.eventTypes.length >= 1 && e.node.eventTypes[0]?.title)).toBe(true);
    expect(double.server.count('GET', LIST_PATH)).toBe(1);
    expect(double.server.count('GET', EVENTS_PATH)).toBeLessThanOrEqual(1);
    expect(double.server.count('GET', ITEM_PATH)).toBe(0);
    expect(double.server.requests.filter((r) => r.path !== UP42_TOKEN_PATH)).toHaveLength(
      1 + double.server.count('GET', EVENTS_PATH),
    );
    // The catalogue is cached by the adapter: a second query does not fetch it again.
    await run(gateway.app, ListWebhooks, { provider: 'UP42', first: 100 });
    expect(double.server.count('GET', EVENTS_PATH)).toBeLessThanOrEqual(1);
  });

  it('reads a test report whose items do not have the expected shape', async () => {
    const { double, gateway } = await setup();
    const { webhook } = await create(gateway, { events: ['order.status', 'job.status'] });
    double.server.inject({
      match: (r) => r.path.endsWith('/tests'),
      status: 200,
      body: { data: { tests: [{}, { status: 500, message: 'receiver down' }] }, error: null },
    });
    const tested = await run(gateway.app, TestWebhook, { id: webhook.id });
    if (tested.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(tested.testWebhook));
    const result = tested.testWebhook.result;
    expect(result).toMatchObject({ testsRun: 2, testsSucceeded: 0, testsFailed: 2 });
    expect(Number.isNaN(Date.parse(result.startedAt))).toBe(false);
    expect(result.tests).toEqual([
      { event: 'order.status', url: webhook.url, success: false, statusCode: null, durationMs: 0, error: 'UP42 reported the test as failed', responseBody: null },
      { event: 'job.status', url: webhook.url, success: false, statusCode: 500, durationMs: 0, error: 'receiver down', responseBody: null },
    ]);
  });
});

describe('UP42 failures become typed errors', () => {
  it('a token UP42 refuses (401) is an UpstreamError', async () => {
    const { double, gateway } = await setup({ env: { auth: 'token' }, extraEnv: { UP42_TOKEN: 'not-the-right-token' } });
    const listed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.errors?.[0]?.message).toMatch(/UP42 refused the credentials \(HTTP 401\): Unauthorized/);
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'UP42', status: 401, retryable: false });
    // A fixed token has nothing to renew: one call, no retry.
    expect(double.server.count('GET', LIST_PATH)).toBe(1);
  });

  it('a workspace the account may not use (403) is an UpstreamError, and nothing is created there', async () => {
    const { double, gateway } = await setup();
    const listed = await execute(gateway.app, Up42ListWebhooks, { scope: { workspaceId: OTHER_WORKSPACE } });
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 403 });
    expect(listed.errors?.[0]?.message).toContain(`Access to workspace ${OTHER_WORKSPACE} is forbidden`);
    const created = await run(gateway.app, CreateWebhook, { input: createInput({ scope: { workspaceId: OTHER_WORKSPACE } }) });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_ERROR' });
    expect(double.webhooks()).toEqual([]);
  });

  it('a webhook UP42 does not know (404) is a NotFoundError or null', async () => {
    const { gateway } = await setup();
    const { webhook } = await create(gateway);
    await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    const notFound = { __typename: 'NotFoundError', code: 'NOT_FOUND', resource: 'UP42 webhook', id: webhook.externalId };
    expect((await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { active: false } })).updateWebhook).toMatchObject(notFound);
    expect((await run(gateway.app, TestWebhook, { id: webhook.id })).testWebhook).toMatchObject({ __typename: 'NotFoundError' });
    expect((await run(gateway.app, RotateSecret, { id: webhook.id })).rotateWebhookSecret).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('a create UP42 rejects (422: not HTTPS) is a ValidationError with its message', async () => {
    const { double, gateway } = await setup();
    const created = await run(gateway.app, CreateWebhook, { input: createInput({ url: 'http://hooks.example.com/plain' }) });
    expect(created.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input'], message: 'UP42 rejected the request: Webhook url must use HTTPS' }],
    });
    expect(double.webhooks()).toEqual([]);
  });

  it('retries an idempotent call after a 500, but never a create', async () => {
    const { double, gateway } = await setup();
    double.server.inject({ match: (r) => r.method === 'GET' && LIST_PATH.test(r.path), status: 500, body: { data: null, error: { code: 500, message: 'Internal error', details: null } } });
    const listed = await run(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.webhooks.edges).toEqual([]);
    expect(double.server.count('GET', LIST_PATH)).toBe(2);

    double.server.inject({ match: (r) => r.method === 'POST' && LIST_PATH.test(r.path), status: 503, body: { data: null, error: { code: 503, message: 'Unavailable', details: null } } });
    const created = await run(gateway.app, CreateWebhook, { input: createInput() });
    expect(created.createWebhook).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_ERROR', message: expect.stringMatching(/HTTP 503: Unavailable/) });
    expect(double.server.count('POST', LIST_PATH)).toBe(1);
  });

  it('a call that times out is a retryable UpstreamError', async () => {
    // undici checks its timeouts on a coarse clock (about every 0.5 s), hence the long delay.
    const { double, gateway } = await setup({ extraEnv: { UPSTREAM_HEADERS_TIMEOUT_MS: '100', UPSTREAM_MAX_RETRIES: '1' } });
    double.server.inject({ match: (r) => LIST_PATH.test(r.path), delayMs: 1_200, status: 200, body: { data: [], error: null }, times: 2 });
    const listed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.errors?.[0]?.message).toMatch(/timed out/);
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: null, retryable: true });
    expect(double.server.count('GET', LIST_PATH)).toBe(2);
  });

  it('a malformed or unexpected body is an UpstreamError and the gateway carries on', async () => {
    const { double, gateway } = await setup();
    double.server.inject({ match: (r) => LIST_PATH.test(r.path), malformed: true });
    const malformed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(malformed.errors?.[0]?.message).toMatch(/malformed JSON/);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });

    double.server.inject({ match: (r) => LIST_PATH.test(r.path), status: 200, body: { data: [{ id: 7 }], error: null } });
    const unexpected = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(unexpected.errors?.[0]?.message).toMatch(/unexpected body at data\.0\.id/);

    double.server.inject({ match: (r) => LIST_PATH.test(r.path), status: 200, body: { data: null, error: { code: 500, message: 'boom', details: null } } });
    const noData = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(noData.errors?.[0]?.message).toBe('UP42 list webhooks answered without data: boom');

    expect((await run(gateway.app, Up42ListWebhooks, { first: 20 })).webhooks.edges).toEqual([]);
  });

  it('opens the circuit after repeated failures and closes it after a successful probe', async () => {
    const { double, gateway } = await setup({
      extraEnv: { UPSTREAM_BREAKER_THRESHOLD: '2', UPSTREAM_BREAKER_OPEN_MS: '300', UPSTREAM_MAX_RETRIES: '0' },
    });
    double.server.inject({ match: (r) => LIST_PATH.test(r.path), status: 500, body: { data: null, error: { code: 500, message: 'down', details: null } }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const failed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
      expect(failed.errors?.[0]?.extensions).toMatchObject({ status: 500, retryable: true });
    }
    const open = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(open.errors?.[0]?.message).toMatch(/circuit open/);
    expect(open.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
    expect(double.server.count('GET', LIST_PATH)).toBe(2);

    await sleep(350);
    expect((await run(gateway.app, Up42ListWebhooks, { first: 20 })).webhooks.edges).toEqual([]);
    expect((await run(gateway.app, Up42ListWebhooks, { first: 20 })).webhooks.edges).toEqual([]);
    expect(double.server.count('GET', LIST_PATH)).toBe(4);
  });
});

describe('UP42 bad input is refused before anything reaches UP42', () => {
  const cases: { name: string; input: Record<string, unknown>; path: string[]; message: RegExp }[] = [
    { name: 'no workspace', input: {}, path: ['input', 'scope', 'workspaceId'], message: /UP42_WORKSPACE_ID/ },
    {
      name: 'unknown event',
      input: { events: ['order.status', 'catalog.updated'], scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } },
      path: ['input', 'events', '1'],
      message: /not a UP42 event \(known: job.status, order.status\)/,
    },
    {
      name: '* with others',
      input: { events: ['*', 'job.status'], scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } },
      path: ['input', 'events'],
      message: /every event type/,
    },
    {
      name: 'several URLs',
      input: { urls: ['https://hooks.example.com/b'], scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } },
      path: ['input', 'urls'],
      message: /one URL/,
    },
    { name: 'test mode', input: { isTest: true, scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } }, path: ['input', 'isTest'], message: /no test-mode/ },
    { name: 'foreign scope key', input: { scope: { divisionId: 'd1' } }, path: ['input', 'scope', 'divisionId'], message: /workspaceId only/ },
  ];

  it.each(cases)('$name', async ({ input, path, message }) => {
    const { double, gateway } = await setup({ env: { workspaceId: null } });
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'UP42', url: 'https://hooks.example.com/x', events: ['order.status'], ...input },
    });
    const result = data.createWebhook;
    if (result.__typename !== 'ValidationError') throw new Error(`expected ValidationError, got ${JSON.stringify(result)}`);
    expect(result.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(double.server.requests.filter((r) => r.method !== "GET" && r.path !== UP42_TOKEN_PATH)).toEqual([]);
    expect(double.webhooks()).toEqual([]);
  });

  it('lists need a workspace too, and a webhook created with one keeps it in its id', async () => {
    const { gateway } = await setup({ env: { workspaceId: null } });
    const listed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: ['scope', 'workspaceId'], message: expect.stringMatching(/UP42_WORKSPACE_ID/) }],
    });
    const { webhook } = await create(gateway, { scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } });
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook?.externalId).toBe(webhook.externalId);
    const inWorkspace = await run(gateway.app, Up42ListWebhooks, { scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } });
    expect(inWorkspace.webhooks.edges.map((e) => e.node.id)).toEqual([webhook.id]);
  });
});

describe('UP42 secrets and credentials stay out of responses', () => {
  it('never returns the clear-text secret UP42 stores', async () => {
    const { double, gateway } = await setup();
    const seeded = double.seed({ url: 'https://hooks.example.com/s', secret: 'seeded-up42-secret-value-0123456789' });
    double.seed({ url: 'https://hooks.example.com/t', secret: '' });
    const text = await rawQuery(gateway, '{ webhooks(provider: UP42) { edges { node { id externalId hasSecret } } } }');
    expect(text).toContain(seeded.id);
    expect(text).not.toContain(seeded.secret);
    expect(JSON.parse(text).data.webhooks.edges.map((e: { node: { hasSecret: boolean } }) => e.node.hasSecret).sort()).toEqual([false, true]);
  });

  it('keeps the password and token out of every error', async () => {
    const checks: { name: string; message: RegExp; setup: () => Promise<Setup> }[] = [
      { name: 'wrong password', message: /refused the username\/password \(HTTP 401\)/, setup: () => setup({ extraEnv: { UP42_PASSWORD: `${UP42_DOUBLE_PASSWORD}-wrong` } }) },
      {
        name: 'token endpoint 500',
        message: /token request failed with HTTP 500/,
        setup: async () => {
          const s = await setup();
          s.double.server.inject({ match: (r) => r.path === UP42_TOKEN_PATH, status: 500, body: 'Keycloak exploded', times: 5 });
          return s;
        },
      },
      {
        name: 'token endpoint timeout',
        message: /token request to the auth server timed out/,
        setup: async () => {
          const s = await setup({ extraEnv: { UPSTREAM_HEADERS_TIMEOUT_MS: '100' } });
          s.double.server.inject({ match: (r) => r.path === UP42_TOKEN_PATH, delayMs: 1_200, status: 200, body: {}, times: 5 });
          return s;
        },
      },
      {
        name: 'malformed token answer',
        message: /answered the token request with an unexpected body/,
        setup: async () => {
          const s = await setup();
          s.double.server.inject({ match: (r) => r.path === UP42_TOKEN_PATH, malformed: true, times: 5 });
          return s;
        },
      },
      {
        name: 'API 500',
        message: /failed with HTTP 500: down/,
        setup: async () => {
          const s = await setup({ extraEnv: { UPSTREAM_MAX_RETRIES: '0' } });
          const body = { data: null, error: { code: 500, message: 'down', details: null } };
          s.double.server.inject({ match: (r) => LIST_PATH.test(r.path), status: 500, body, times: 2 });
          return s;
        },
      },
      {
        name: 'API malformed',
        message: /malformed JSON/,
        setup: async () => {
          const s = await setup();
          s.double.server.inject({ match: (r) => LIST_PATH.test(r.path), malformed: true, times: 2 });
          return s;
        },
      },
      { name: 'token 401', message: /refused the credentials \(HTTP 401\)/, setup: () => setup({ env: { auth: 'token' }, extraEnv: { UP42_TOKEN: `${UP42_DOUBLE_TOKEN}-revoked` } }) },
    ];
    for (const check of checks) {
      const { gateway } = await check.setup();
      const list = await rawQuery(gateway, '{ webhooks(provider: UP42) { edges { node { id } } } }');
      const mutation = await rawQuery(
        gateway,
        'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on Error { code message } } }',
        { input: createInput({}) },
      );
      expect(list, check.name).toMatch(check.message);
      for (const text of [list, mutation]) {
        expect(text, check.name).toMatch(/UPSTREAM_ERROR/);
        expect(text, check.name).not.toContain(UP42_DOUBLE_PASSWORD);
        expect(text, check.name).not.toContain(UP42_DOUBLE_TOKEN);
        expect(text, check.name).not.toContain('up42-double-');
      }
    }
  });

  it('asks Keycloak once for a refused password, not on every retry', async () => {
    const { double, gateway } = await setup({ extraEnv: { UP42_PASSWORD: 'not-the-password' } });
    const listed = await execute(gateway.app, Up42ListWebhooks, { first: 20 });
    expect(listed.errors?.[0]?.message).toBe('UP42 auth server refused the username/password (HTTP 401): invalid_grant: Invalid user credentials');
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 401, retryable: false });
    expect(double.server.count('POST', TOKEN_PATH)).toBe(1);
    expect(double.server.count('GET', LIST_PATH)).toBe(0);
  });
});
