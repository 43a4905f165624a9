/**
 * SHIPPO end to end: the public GraphQL API of a real gateway, against the Shippo double over
 * real HTTP.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../../src/validation/json-schema.ts';
import {
  SHIPPO_DOUBLE_SIGNING_SECRET,
  SHIPPO_DOUBLE_TOKEN,
  type ShippoDouble,
  shippoGatewayEnv,
  startShippoDouble,
} from '../doubles/shippo-double.ts';
import type { ListWebhooksQuery } from '../generated/graphql.ts';
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

const CONCRETE_EVENTS = ['transaction_created', 'transaction_updated', 'track_updated', 'batch_created', 'batch_purchased'];
const LIST = /^\/webhooks$/;
const ONE = /^\/webhooks\/[^/]+$/;

let double: ShippoDouble;
let gateway: TestGateway;
let receiver: Receiver | null = null;

/** A gateway pointed at the double; `env` adds transport knobs or overrides credentials. */
async function startGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return await createTestGateway({ ...shippoGatewayEnv(double), UPSTREAM_RETRY_BASE_DELAY_MS: '10', ...env });
}

async function restartGateway(env: Record<string, string>): Promise<void> {
  await gateway.close();
  gateway = await startGateway(env);
}

beforeEach(async () => {
  double = await startShippoDouble();
  gateway = await startGateway();
});

afterEach(async () => {
  await gateway.close();
  await double.close();
  await receiver?.close();
  receiver = null;
});

interface RawResult {
  text: string;
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown> }[] | undefined;
}

/** For selections the shared typed documents do not make (UpstreamError fields, aliases). */
async function raw(query: string, variables: Record<string, unknown> = {}): Promise<RawResult> {
  const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const json = JSON.parse(text) as Pick<RawResult, 'data' | 'errors'>;
  return { text, data: json.data, errors: json.errors };
}

const CREATE_WITH_UPSTREAM_FIELDS = `
  mutation ShippoRawCreate($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookSuccess { secret webhook { id externalId events } }
      ... on UpstreamError { provider status retryable }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`;

async function createShippo(events: string[] = ['track_updated'], url = 'https://example.com/shippo/hooks', isTest = false) {
  const data = await run(gateway.app, CreateWebhook, { input: { provider: 'SHIPPO', url, events, isTest } });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return data.createWebhook;
}

async function listError() {
  const result = await execute(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
  expect(result.data).toBeNull();
  return result.errors?.[0];
}

/** Verifies `Shippo-Auth-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
function verifyShippoSignature(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const header = headers['shippo-auth-signature'];
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match?.[1] || !match[2]) return false;
  const t = Number(match[1]);
  if (Math.abs(Date.now() / 1000 - t) > 60) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

describe('SHIPPO through GraphQL', () => {
  it('is listed as configured with its capabilities', async () => {
    const { providers } = await run(gateway.app, Providers);
    expect(providers.find((p) => p.name === 'SHIPPO')).toEqual({
      name: 'SHIPPO',
      configured: true,
      capabilities: {
        list: true,
        create: true,
        update: true,
        delete: true,
        test: true,
        rotateSecret: false,
        multipleUrls: false,
        maxEventsPerWebhook: 1,
      },
    });
  });

  it('serves the event catalogue without calling Shippo, with samples valid against their schemas', async () => {
    const { webhookEvents } = await run(gateway.app, WebhookEvents, { provider: 'SHIPPO' });
    expect(webhookEvents.map((e) => e.name)).toEqual(CONCRETE_EVENTS);
    for (const event of webhookEvents) {
      expect(event.provider).toBe('SHIPPO');
      expect(event.title).toBeTruthy();
      expect(compileJsonSchema(event.schema)(event.example)).toEqual([]);
    }
    expect(webhookEvents.find((e) => e.name === 'batch_created')?.example).toMatch(/^batch \w+ created$/);
    expect(webhookEvents.find((e) => e.name === 'track_updated')?.example).toMatchObject({ carrier: 'usps', tracking_number: expect.any(String) });
    expect(double.requests).toHaveLength(0);
  });

  it('creates, reads, lists, updates, tests and deletes a webhook', async () => {
    const created = await createShippo(['track_updated'], 'https://example.com/shippo/hooks', true);
    expect(created.secret).toBeNull();
    const webhook = created.webhook;
    expect(webhook).toMatchObject({
      provider: 'SHIPPO',
      url: 'https://example.com/shippo/hooks',
      urls: ['https://example.com/shippo/hooks'],
      name: null,
      events: ['track_updated'],
      active: true,
      isTest: true,
      hasSecret: true,
    });
    expect(webhook.createdAt).toBe(double.webhooks.get(webhook.externalId)?.object_created);
    const post = double.requests.find((r) => r.method === 'POST');
    expect(post?.headers.authorization).toBe(`ShippoToken ${SHIPPO_DOUBLE_TOKEN}`);
    expect(post?.headers['shippo-api-version']).toBeUndefined();
    expect(post?.body).toEqual({ event: 'track_updated', url: 'https://example.com/shippo/hooks', active: true, is_test: true });

    const fetched = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook).toMatchObject({ id: webhook.id, externalId: webhook.externalId, events: ['track_updated'] });
    expect(fetched.webhook?.eventTypes.map((e) => e.name)).toEqual(['track_updated']);
    const node = await run(gateway.app, GetNode, { id: webhook.id });
    expect(node.node).toMatchObject({ __typename: 'Webhook', id: webhook.id, url: webhook.url });

    const listed = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    expect(listed.webhooks.edges.map((e) => e.node.id)).toEqual([webhook.id]);

    const updated = await run(gateway.app, UpdateWebhook, {
      id: webhook.id,
      input: { url: 'https://example.org/shippo/new', active: false },
    });
    expect(updated.updateWebhook).toMatchObject({
      __typename: 'UpdateWebhookSuccess',
      previousId: null,
      webhook: { id: webhook.id, url: 'https://example.org/shippo/new', events: ['track_updated'], active: false, isTest: true },
    });
    // A full replace: every field is sent, the untouched ones from the current webhook.
    expect(double.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      { event: 'track_updated', url: 'https://example.org/shippo/new', active: false, is_test: true },
    ]);

    const toAll = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { events: ['*'], name: null } });
    expect(toAll.updateWebhook).toMatchObject({ __typename: 'UpdateWebhookSuccess', webhook: { events: ['*'], active: false } });
    expect(double.webhooks.get(webhook.externalId)?.event).toBe('all');
    const all = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(all.webhook?.eventTypes.map((e) => e.name)).toEqual(CONCRETE_EVENTS);

    receiver = await Receiver.start();
    await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { url: receiver.url('/shippo') } });
    const tested = await run(gateway.app, TestWebhook, { id: webhook.id, event: 'batch_created' });
    expect(tested.testWebhook).toMatchObject({
      __typename: 'TestWebhookSuccess',
      result: { testsRun: 1, testsSucceeded: 1, tests: [{ event: 'batch_created', url: receiver.url('/shippo'), success: true, statusCode: 204 }] },
    });

    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect(double.webhooks.size).toBe(0);
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
  });

  it('sends Shippo-shaped, HMAC-signed test deliveries for every event of an "all" webhook', async () => {
    receiver = await Receiver.start();
    const { webhook } = await createShippo(['*'], receiver.url('/shippo'));
    expect(double.webhooks.get(webhook.externalId)?.event).toBe('all');

    const data = await run(gateway.app, TestWebhook, { id: webhook.id });
    if (data.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(data.testWebhook));
    expect(data.testWebhook.result).toMatchObject({ testsRun: 5, testsSucceeded: 5, testsFailed: 0 });
    expect(receiver.requests).toHaveLength(5);

    const { webhookEvents } = await run(gateway.app, WebhookEvents, { provider: 'SHIPPO' });
    const received = receiver.requests.map((r) => ({ ...r, json: JSON.parse(r.body) as { event: string; test: boolean; data: unknown } }));
    expect(received.map((r) => r.json.event).sort()).toEqual([...CONCRETE_EVENTS].sort());
    for (const request of received) {
      expect(request.json.test).toBe(true);
      expect(request.json.data).toEqual(webhookEvents.find((e) => e.name === request.json.event)?.example);
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifyShippoSignature(request.headers, request.body, SHIPPO_DOUBLE_SIGNING_SECRET)).toBe(true);
      expect(verifyShippoSignature(request.headers, request.body, 'another-secret')).toBe(false);
    }
    // Test deliveries go to the receiver, not through Shippo's API: one GET for the webhook.
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /webhooks', `GET /webhooks/${webhook.externalId}`]);
  });

  it('does not sign test deliveries and reports hasSecret false without SHIPPO_SIGNING_SECRET', async () => {
    await restartGateway({ SHIPPO_SIGNING_SECRET: '' });
    receiver = await Receiver.start();
    const { webhook } = await createShippo(['transaction_created'], receiver.url('/shippo'));
    expect(webhook.hasSecret).toBe(false);
    const data = await run(gateway.app, TestWebhook, { id: webhook.id });
    expect(data.testWebhook).toMatchObject({ result: { testsRun: 1, testsSucceeded: 1 } });
    expect(receiver.requests[0]?.headers['shippo-auth-signature']).toBeUndefined();
    expect(JSON.parse(receiver.requests[0]?.body ?? '')).toMatchObject({ event: 'transaction_created', test: true, data: { status: 'SUCCESS' } });
  });

  it('refuses to test an event the webhook is not subscribed to', async () => {
    const { webhook } = await createShippo(['track_updated']);
    for (const event of ['batch_created', 'no_such_event']) {
      const data = await run(gateway.app, TestWebhook, { id: webhook.id, event });
      expect(data.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
    }
  });

  it('refuses to rotate a secret: the HMAC secret is account-level', async () => {
    const { webhook } = await createShippo();
    double.resetLog();
    const data = await run(gateway.app, RotateSecret, { id: webhook.id });
    expect(data.rotateWebhookSecret).toMatchObject({ __typename: 'UnsupportedOperationError', code: 'UNSUPPORTED_OPERATION' });
    expect(double.requests).toHaveLength(0);
  });
});

describe('SHIPPO listing', () => {
  it('lists 50 webhooks with their event types in one upstream call, newest first', async () => {
    const seeded = double.seed(50);
    const data = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 50 });
    const nodes = data.webhooks.edges.map((e) => e.node);
    expect(nodes.map((n) => n.externalId)).toEqual(seeded.map((w) => w.object_id).reverse());
    for (const [i, node] of nodes.entries()) {
      const wire = seeded[49 - i];
      expect(node.events).toEqual([wire?.event === 'all' ? '*' : wire?.event]);
      expect(node.eventTypes.map((t) => t.name)).toEqual(node.events);
    }
    expect(double.count('GET', LIST)).toBe(1);
    expect(double.count('GET', ONE)).toBe(0);
    expect(double.requests).toHaveLength(1);
  });

  it('pages locally with per-item cursors: one upstream list per page', async () => {
    const seeded = double.seed(25);
    const newestFirst = seeded.map((w) => w.object_id).reverse();
    const seen: string[] = [];
    let after: string | null = null;
    for (const expectedNext of [true, true, false]) {
      const page: ListWebhooksQuery = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10, after });
      seen.push(...page.webhooks.edges.map((e) => e.node.externalId));
      expect(page.webhooks.pageInfo.hasNextPage).toBe(expectedNext);
      after = page.webhooks.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst);
    expect(double.count('GET', LIST)).toBe(3);

    const forged = await execute(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 5, after: 'bm9wZQ' });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shows what changed at Shippo between two listings, and the same answer for what did not', async () => {
    const seeded = double.seed(5);
    const query = '{ webhooks(provider: SHIPPO, first: 10) { edges { node { id externalId url events active isTest createdAt updatedAt } } } }';
    const first = await raw(query);
    // Changed behind the gateway's back (UPSTREAM_GET_CACHE_MS is 0 here): one field each.
    const [a, b, c, d] = seeded;
    double.webhooks.set(a!.object_id, { ...a!, url: 'https://example.com/shippo/moved' });
    double.webhooks.set(b!.object_id, { ...b!, active: false });
    double.webhooks.set(c!.object_id, { ...c!, object_created: '2023-06-01T10:00:00.123Z' });
    double.webhooks.delete(d!.object_id);
    const second = await raw(query);
    type Node = { externalId: string; url: string; active: boolean; createdAt: string };
    const nodes = (result: RawResult) => (result.data as { webhooks: { edges: { node: Node }[] } }).webhooks.edges.map((e) => e.node);
    const before = new Map(nodes(first).map((node) => [node.externalId, node]));
    const after = new Map(nodes(second).map((node) => [node.externalId, node]));
    expect(after.get(a!.object_id)?.url).toBe('https://example.com/shippo/moved');
    expect(after.get(b!.object_id)?.active).toBe(false);
    expect(after.get(c!.object_id)?.createdAt).toBe('2023-06-01T10:00:00.123Z');
    expect(after.has(d!.object_id)).toBe(false);
    expect(after.get(seeded[4]!.object_id)).toEqual(before.get(seeded[4]!.object_id));
    // The moved creation date sorts the webhook last.
    expect(nodes(second).at(-1)?.externalId).toBe(c!.object_id);
    expect(double.count('GET', LIST)).toBe(2);
  });

  it('reads a bare array of webhooks as one complete page', async () => {
    const [webhook] = double.seed(1);
    double.inject({ status: 200, body: [webhook] });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    expect(listed.webhooks.edges.map((e) => e.node.externalId)).toEqual([webhook!.object_id]);
    expect(listed.webhooks.pageInfo.hasNextPage).toBe(false);
  });

  it('follows `next` links when Shippo pages the list', async () => {
    double.pageSize = 7;
    const seeded = double.seed(20);
    const data = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 100 });
    expect(data.webhooks.edges.map((e) => e.node.externalId)).toEqual(seeded.map((w) => w.object_id).reverse());
    expect(double.requests.map((r) => r.query.toString())).toEqual(['', 'page=2&results=7', 'page=3&results=7']);
  });

  it('stops at a `next` link that leads back to a page already read', async () => {
    const [only] = double.seed(1);
    double.inject({ status: 200, body: { next: `${double.url}/webhooks`, previous: null, count: 1, results: [only] } });
    const data = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    expect(data.webhooks.edges.map((e) => e.node.externalId)).toEqual([only?.object_id]);
    expect(double.count('GET', LIST)).toBe(1);
  });

  it('resolves several ids in one query with one upstream list, and one id with one GET', async () => {
    const [a, b] = double.seed(2);
    const ids = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    const idOf = (externalId: string | undefined) => ids.webhooks.edges.find((e) => e.node.externalId === externalId)?.node.id;
    double.resetLog();
    const both = await raw('query ShippoRawTwoNodes($a: ID!, $b: ID!) { a: node(id: $a) { id } b: webhook(id: $b) { url } }', {
      a: idOf(a?.object_id),
      b: idOf(b?.object_id),
    });
    expect(both.data).toEqual({ a: { id: idOf(a?.object_id) }, b: { url: b?.url } });
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks']);

    double.resetLog();
    await run(gateway.app, GetWebhook, { id: idOf(a?.object_id) ?? '' });
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /webhooks/${a?.object_id}`]);
  });

  it('merged with LOCAL, a failing SHIPPO is a provider error, not a failed query', async () => {
    double.inject({ status: 503, body: { detail: 'Service unavailable' }, times: 10 });
    const data = await run(gateway.app, ListWebhooks, { first: 10 });
    expect(data.webhooks.edges).toEqual([]);
    expect(data.webhooks.providerErrors).toEqual([
      { provider: 'SHIPPO', code: 'UPSTREAM_ERROR', message: expect.stringContaining('HTTP 503: Service unavailable') },
    ]);
  });
});

describe('SHIPPO input rules: a typed error and nothing sent to Shippo', () => {
  const whsec = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const cases: { name: string; input: Record<string, unknown>; path: string[]; message: RegExp }[] = [
    {
      name: 'two events',
      input: { events: ['track_updated', 'batch_created'] },
      path: ['input', 'events'],
      message: /Shippo takes one event per webhook; create one webhook per event/,
    },
    { name: 'unknown event', input: { events: ['order_created'] }, path: ['input', 'events', '0'], message: /not a Shippo event type/ },
    { name: 'a name', input: { name: 'Tracking' }, path: ['input', 'name'], message: /no name/ },
    { name: 'a secret', input: { secret: whsec }, path: ['input', 'secret'], message: /account-level HMAC/ },
    { name: 'a scope', input: { scope: { shopId: 'shop_1' } }, path: ['input', 'scope'], message: /no scope/ },
    { name: 'a 200-character URL', input: { url: `https://example.com/${'a'.repeat(180)}` }, path: ['input', 'url'], message: /under 200 characters/ },
    { name: 'several URLs', input: { urls: ['https://example.com/b'] }, path: ['input', 'urls'], message: /one URL/ },
  ];

  it.each(cases)('create with $name', async ({ input, path, message }) => {
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo', events: ['track_updated'], ...input },
    });
    const result = data.createWebhook;
    if (result.__typename !== 'ValidationError') throw new Error(`expected ValidationError, got ${JSON.stringify(result)}`);
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(double.requests).toHaveLength(0);
    expect(double.webhooks.size).toBe(0);
  });

  it('reports every problem of one input at once', async () => {
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo', events: ['a', 'b'], name: 'x', scope: { divisionId: 'd' } },
    });
    expect(data.createWebhook).toMatchObject({ __typename: 'ValidationError' });
    if (data.createWebhook.__typename !== 'ValidationError') return;
    expect(data.createWebhook.fieldErrors.map((e) => e.path.join('.'))).toEqual(['input.events', 'input.name', 'input.scope']);
  });

  it('an update breaking the rules reaches neither GET nor PUT', async () => {
    const [seeded] = double.seed(1);
    const listed = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 1 });
    const id = listed.webhooks.edges[0]?.node.id ?? '';
    const before = structuredClone(double.webhooks.get(seeded?.object_id ?? ''));
    double.resetLog();
    for (const input of [{ events: ['track_updated', 'all'] }, { name: 'x' }, { urls: ['https://a.example/1', 'https://a.example/2'] }]) {
      const data = await run(gateway.app, UpdateWebhook, { id, input });
      expect(data.updateWebhook.__typename).toBe('ValidationError');
    }
    expect(double.requests).toHaveLength(0);
    expect(double.webhooks.get(seeded?.object_id ?? '')).toEqual(before);
  });
});

describe('SHIPPO upstream failures', () => {
  it('401: refused credentials are a non-retryable UpstreamError, in queries and mutations', async () => {
    await restartGateway({ SHIPPO_API_TOKEN: 'shippo_test_wrongwrongwrong' });
    const error = await listError();
    expect(error?.message).toBe('SHIPPO refused the credentials (HTTP 401): Invalid token.');
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'SHIPPO', status: 401, retryable: false });

    const created = await raw(CREATE_WITH_UPSTREAM_FIELDS, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo', events: ['track_updated'] },
    });
    expect(created.data?.createWebhook).toMatchObject({ __typename: 'UpstreamError', status: 401, retryable: false });
    expect(double.webhooks.size).toBe(0);
    expect(double.count('GET', LIST)).toBe(1); // a refusal is not retried
  });

  it('403: refused permission is an UpstreamError carrying Shippo\'s message', async () => {
    double.inject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
    const error = await listError();
    expect(error?.message).toMatch(/refused the credentials \(HTTP 403\): You do not have permission/);
    expect(error?.extensions).toMatchObject({ status: 403, retryable: false });
  });

  it('404: an unknown webhook is NotFoundError in mutations and null in queries', async () => {
    const { webhook } = await createShippo();
    double.webhooks.clear();
    for (const result of [
      (await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { active: false } })).updateWebhook,
      (await run(gateway.app, DeleteWebhook, { id: webhook.id })).deleteWebhook,
      (await run(gateway.app, TestWebhook, { id: webhook.id })).testWebhook,
    ]) {
      expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: expect.stringContaining(webhook.externalId) });
    }
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    expect(double.count('PUT', ONE)).toBe(0);
  });

  it('a duplicate (event, url) is refused by Shippo and surfaces as a ValidationError', async () => {
    await createShippo(['track_updated'], 'https://example.com/shippo/dup');
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo/dup', events: ['track_updated'] },
    });
    expect(data.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('A webhook with this event and url already exists.'),
    });
    expect(double.webhooks.size).toBe(1);
  });

  it('reads DRF field errors out of an untyped 400 body', async () => {
    double.inject({ status: 400, body: { url: ['Enter a valid URL.'], event: ['"x" is not a valid choice.'] } });
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo', events: ['track_updated'] },
    });
    expect(data.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringContaining('url: Enter a valid URL.; event: "x" is not a valid choice.'),
    });
  });

  it('a 500 is retried and the call then succeeds; a create (not idempotent) is not retried', async () => {
    double.seed(3);
    double.inject({ status: 500, body: { detail: 'Internal server error' }, match: (r) => r.method === 'GET' });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    expect(listed.webhooks.edges).toHaveLength(3);
    expect(double.count('GET', LIST)).toBe(2);

    double.inject({ status: 500, body: { detail: 'Internal server error' }, match: (r) => r.method === 'POST' });
    const created = await raw(CREATE_WITH_UPSTREAM_FIELDS, {
      input: { provider: 'SHIPPO', url: 'https://example.com/shippo', events: ['track_updated'] },
    });
    expect(created.data?.createWebhook).toMatchObject({ __typename: 'UpstreamError', status: 500, retryable: true });
    expect(double.count('POST', LIST)).toBe(1);
    expect(double.webhooks.size).toBe(3);
  });

  it('a timeout is a retryable UpstreamError', async () => {
    // undici checks headers timeouts on a ~0.5 s tick, so the double waits well past one.
    await restartGateway({ UPSTREAM_HEADERS_TIMEOUT_MS: '100', UPSTREAM_MAX_RETRIES: '1' });
    double.inject({ delayMs: 1500, status: 200, body: { next: null, previous: null, count: 0, results: [] }, times: 2 });
    const error = await listError();
    expect(error?.message).toMatch(/SHIPPO list webhooks \(GET \/webhooks\) timed out/);
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: null, retryable: true });
    expect(double.count('GET', LIST)).toBe(2);
  });

  it('a malformed or unexpected body is an UpstreamError and the gateway carries on', async () => {
    double.seed(1);
    double.inject({ malformed: true });
    expect((await listError())?.message).toMatch(/malformed JSON/);
    double.inject({ status: 200, body: { next: null, count: 1, results: [{ url: 'https://x.example' }] } });
    const unexpected = await listError();
    expect(unexpected?.message).toMatch(/unexpected body at results\.0\./);
    expect(unexpected?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    const listed = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 });
    expect(listed.webhooks.edges).toHaveLength(1);
  });

  it('opens the circuit after repeated failures and closes it after a successful probe', async () => {
    await restartGateway({ UPSTREAM_BREAKER_THRESHOLD: '2', UPSTREAM_BREAKER_OPEN_MS: '200', UPSTREAM_MAX_RETRIES: '0' });
    double.seed(1);
    double.inject({ status: 502, body: 'Bad gateway', times: 2 });
    expect((await listError())?.message).toMatch(/HTTP 502: Bad gateway/);
    expect((await listError())?.message).toMatch(/HTTP 502/);
    expect(double.count('GET', LIST)).toBe(2);

    const open = await listError();
    expect(open?.message).toMatch(/circuit open/);
    expect(open?.extensions).toMatchObject({ retryable: true });
    expect(double.count('GET', LIST)).toBe(2); // failed fast, Shippo not called

    await sleep(250);
    expect((await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 })).webhooks.edges).toHaveLength(1);
    expect((await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 10 })).webhooks.edges).toHaveLength(1);
    expect(double.count('GET', LIST)).toBe(4);
  });
});

describe('SHIPPO credentials stay secret', () => {
  it('never shows the API token or the HMAC secret, even when Shippo echoes the token', async () => {
    const texts: string[] = [];
    const listQuery = 'query ShippoRawList { webhooks(provider: SHIPPO) { edges { node { id hasSecret } } } }';

    double.inject({ status: 500, body: { detail: `token ${SHIPPO_DOUBLE_TOKEN} is rate limited` }, times: 3 });
    const echoed = await raw(listQuery);
    expect(echoed.errors?.[0]?.message).toContain('token [redacted] is rate limited');
    texts.push(echoed.text);

    double.inject({ status: 401, body: `Invalid token ${SHIPPO_DOUBLE_TOKEN}` });
    texts.push((await raw(listQuery)).text);
    double.inject({ malformed: true });
    texts.push((await raw(listQuery)).text);

    receiver = await Receiver.start();
    const created = await raw(CREATE_WITH_UPSTREAM_FIELDS, {
      input: { provider: 'SHIPPO', url: receiver.url('/shippo'), events: ['*'] },
    });
    texts.push(created.text);
    const id = (created.data?.createWebhook as { webhook: { id: string } }).webhook.id;
    texts.push((await raw(listQuery)).text);
    texts.push(
      (await raw('mutation ShippoRawTest($id: ID!) { testWebhook(id: $id) { __typename ... on TestWebhookSuccess { result { tests { responseBody error } } } } }', { id })).text,
    );
    texts.push((await raw('mutation ShippoRawRotate($id: ID!) { rotateWebhookSecret(id: $id) { __typename ... on Error { message } } }', { id })).text);

    await restartGateway({ SHIPPO_API_TOKEN: 'shippo_test_thisisnottherighttoken' });
    texts.push((await raw(listQuery)).text);

    for (const text of texts) {
      expect(text).not.toContain(SHIPPO_DOUBLE_TOKEN);
      expect(text).not.toContain('shippo_test_thisisnottherighttoken');
      expect(text).not.toContain(SHIPPO_DOUBLE_SIGNING_SECRET);
    }
  });
});

describe('the Shippo double keeps to the documented wire format', () => {
  const auth = { authorization: `ShippoToken ${SHIPPO_DOUBLE_TOKEN}`, 'content-type': 'application/json' };
  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
    const response = await fetch(`${double.url}${path}`, { method, headers: init.headers ?? auth, body: init.body });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  it('refuses missing or wrong credentials, wrong methods and bodies outside WebhookUpdateRequest', async () => {
    const valid = JSON.stringify({ event: 'track_updated', url: 'https://example.com/x' });
    expect(await call('GET', '/webhooks', { headers: {} })).toEqual({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    expect(await call('GET', '/webhooks', { headers: { authorization: SHIPPO_DOUBLE_TOKEN } })).toEqual({ status: 401, body: { detail: 'Invalid token.' } });
    expect(await call('GET', '/webhooks', { headers: { authorization: `Bearer ${SHIPPO_DOUBLE_TOKEN}` } })).toMatchObject({ status: 401 });
    expect(await call('PATCH', '/webhooks/abc', { body: valid })).toEqual({ status: 405, body: { detail: 'Method "PATCH" not allowed.' } });
    expect(await call('POST', '/webhooks', { body: JSON.stringify({ event: 'track_updated' }) })).toEqual({
      status: 400,
      body: { url: ['This field is required.'] },
    });
    expect(await call('POST', '/webhooks', { body: JSON.stringify({ event: 'track_updated', url: 'https://e.x/', name: 'n' }) })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('name') },
    });
    expect(await call('POST', '/webhooks', { body: JSON.stringify({ event: 'nope', url: 'https://e.x/' }) })).toEqual({
      status: 400,
      body: { event: ['"nope" is not a valid choice.'] },
    });
    expect(await call('POST', '/webhooks', { body: valid, headers: { authorization: auth.authorization, 'content-type': 'text/plain' } })).toMatchObject({
      status: 415,
    });
    expect(await call('GET', '/webhooks?limit=5')).toMatchObject({ status: 400 });
    expect(await call('GET', '/nowhere')).toEqual({ status: 404, body: { detail: 'Not found.' } });
    expect(double.webhooks.size).toBe(0);
  });

  it('answers 201 with the Webhook on create and 204 with no body on delete', async () => {
    const created = await call('POST', '/webhooks', { body: JSON.stringify({ event: 'all', url: 'https://example.com/x', is_test: true }) });
    expect(created).toMatchObject({
      status: 201,
      body: { event: 'all', url: 'https://example.com/x', active: true, is_test: true, object_owner: 'shipping@example.com' },
    });
    const id = (created.body as { object_id: string }).object_id;
    expect(await call('GET', '/webhooks')).toMatchObject({ status: 200, body: { next: null, previous: null, count: 1 } });
    expect(await call('DELETE', `/webhooks/${id}`)).toEqual({ status: 204, body: null });
    expect(await call('DELETE', `/webhooks/${id}`)).toEqual({ status: 404, body: { detail: 'Not found.' } });
  });
});
