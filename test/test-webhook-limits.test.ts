/**
 * testWebhook cannot be used to amplify: one call sends at most HOOKGATE_TEST_MAX_PER_CALL
 * messages and one API key at most HOOKGATE_TEST_SENDS_PER_MINUTE a minute, refused with a
 * typed error before anything is sent (before, one call sent a message per catalogue type:
 * 202 in 101 ms). A tenant's LOCAL catalogue and endpoints are bounded too. All over real
 * HTTP, with a real receiver counting what arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createApiKey } from '../src/auth/api-keys.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { boltGatewayEnv, startBoltDouble } from './doubles/bolt-double.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  gateway: RunningGateway;
  receiver: Receiver;
  /** A key of tenant acme with webhooks:write. */
  key(tenant?: string): Promise<string>;
}

async function setUp(env: Record<string, string> = {}): Promise<Setup> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', ...env }));
  cleanups.push(() => gateway.stop());
  const receiver = await Receiver.start({ status: 204 });
  cleanups.push(() => receiver.close());
  const key = async (tenant = 'acme') => (await createApiKey(gateway.app.store, { tenant, scopes: ['webhooks:read', 'webhooks:write'] })).token;
  return { gateway, receiver, key };
}

async function call(setup: Setup, key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await request(`${setup.gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as { data?: Record<string, any>; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const CREATE_TYPE = `mutation ($name: String!) {
  createWebhookEventType(input: { name: $name }) { __typename ... on LimitExceededError { code message resource limit } }
}`;
const CREATE_ENDPOINT = `mutation ($url: String!) {
  createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) {
    __typename ... on CreateWebhookSuccess { webhook { id } } ... on LimitExceededError { code message resource limit }
  }
}`;
const TEST = `mutation ($id: ID!, $event: String) {
  testWebhook(id: $id, event: $event) {
    __typename
    ... on TestWebhookSuccess { result { testsRun testsSucceeded } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on RateLimitedError { code message retryAfterSeconds }
  }
}`;

async function endpointFor(setup: Setup, key: string, eventTypes: number): Promise<string> {
  for (let i = 0; i < eventTypes; i++) {
    const created = await call(setup, key, CREATE_TYPE, { name: `order.event_${i}` });
    expect(created.createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
  }
  const endpoint = await call(setup, key, CREATE_ENDPOINT, { url: setup.receiver.url() });
  return endpoint.createWebhook.webhook.id;
}

describe('testWebhook', () => {
  it('refuses a call that would send more than HOOKGATE_TEST_MAX_PER_CALL messages, sending none', async () => {
    const setup = await setUp();
    const key = await setup.key();
    const id = await endpointFor(setup, key, 25);

    const refused = await call(setup, key, TEST, { id });
    expect(refused.testWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['event'], message: expect.stringMatching(/would send 25 messages .* at most 20/) }],
    });
    expect(setup.receiver.requests).toHaveLength(0);

    // Naming one event type stays within the bound.
    const one = await call(setup, key, TEST, { id, event: 'order.event_7' });
    expect(one.testWebhook).toEqual({ __typename: 'TestWebhookSuccess', result: { testsRun: 1, testsSucceeded: 1 } });
    expect(setup.receiver.requests).toHaveLength(1);
  });

  it('refuses a key its sends beyond HOOKGATE_TEST_SENDS_PER_MINUTE with RateLimitedError; other keys go on', async () => {
    const setup = await setUp({ HOOKGATE_TEST_MAX_PER_CALL: '3', HOOKGATE_TEST_SENDS_PER_MINUTE: '6' });
    const key = await setup.key();
    const id = await endpointFor(setup, key, 3);

    for (let i = 0; i < 2; i++) {
      expect((await call(setup, key, TEST, { id })).testWebhook).toMatchObject({ __typename: 'TestWebhookSuccess', result: { testsRun: 3 } });
    }
    expect(setup.receiver.requests).toHaveLength(6);
    // The bucket refills one send per 10 s: three more are at least 20 s away.
    const limited = await call(setup, key, TEST, { id });
    expect(limited.testWebhook).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(limited.testWebhook.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.testWebhook.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(limited.testWebhook.message).toMatch(/6 test messages of the minute: retry after \d+ s/);
    expect(setup.receiver.requests).toHaveLength(6);

    const otherKey = await setup.key();
    expect((await call(setup, otherKey, TEST, { id })).testWebhook).toMatchObject({ __typename: 'TestWebhookSuccess', result: { testsRun: 3 } });
    expect(setup.receiver.requests).toHaveLength(9);
  });

  it('bounds the messages Hookgate sends for an upstream provider too (Bolt, every event type)', async () => {
    const bolt = await startBoltDouble();
    cleanups.push(() => bolt.close());
    const setup = await setUp({ ...boltGatewayEnv(bolt), HOOKGATE_TEST_MAX_PER_CALL: '5' });
    // The upstream accounts belong to tenant `default`.
    const key = await setup.key('default');
    const created = await call(
      setup,
      key,
      'mutation ($url: String!) { createWebhook(input: { provider: BOLT, url: $url, events: ["*"] }) { ... on CreateWebhookSuccess { webhook { id } } } }',
      { url: setup.receiver.url('/bolt') },
    );
    const refused = await call(setup, key, TEST, { id: created.createWebhook.webhook.id });
    expect(refused.testWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['event'], message: expect.stringMatching(/would send 12 messages .* at most 5/) }],
    });
    expect(setup.receiver.requests).toHaveLength(0);
  });

  it('states both bounds in its schema description', async () => {
    const setup = await setUp();
    const data = await call(setup, await setup.key(), '{ __type(name: "Mutation") { fields { name description } } }');
    const description = data.__type.fields.find((f: { name: string }) => f.name === 'testWebhook').description as string;
    expect(description).toMatch(/HOOKGATE_TEST_MAX_PER_CALL messages \(default 20\)/);
    expect(description).toMatch(/HOOKGATE_TEST_SENDS_PER_MINUTE a minute \(default 60\)/);
  });
});

describe('per-tenant limits of the LOCAL provider', () => {
  it('bound the event-type catalogue and the endpoints with LimitExceededError, per tenant', async () => {
    const setup = await setUp({ HOOKGATE_MAX_EVENT_TYPES_PER_TENANT: '3', HOOKGATE_MAX_ENDPOINTS_PER_TENANT: '2' });
    const acme = await setup.key('acme');
    const globex = await setup.key('globex');

    for (const name of ['a.one', 'a.two', 'a.three']) {
      expect((await call(setup, acme, CREATE_TYPE, { name })).createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
    }
    expect((await call(setup, acme, CREATE_TYPE, { name: 'a.four' })).createWebhookEventType).toEqual({
      __typename: 'LimitExceededError',
      code: 'LIMIT_EXCEEDED',
      resource: 'event types',
      limit: 3,
      message: 'A tenant may have at most 3 event types; delete some first',
    });

    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await call(setup, acme, CREATE_ENDPOINT, { url: setup.receiver.url(`/${i}`) })).createWebhook.webhook.id);
    expect((await call(setup, acme, CREATE_ENDPOINT, { url: setup.receiver.url('/2') })).createWebhook).toMatchObject({
      __typename: 'LimitExceededError',
      resource: 'endpoints',
      limit: 2,
    });

    // Another tenant has its own allowance.
    expect((await call(setup, globex, CREATE_TYPE, { name: 'a.four' })).createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
    expect((await call(setup, globex, CREATE_ENDPOINT, { url: setup.receiver.url('/g') })).createWebhook.__typename).toBe('CreateWebhookSuccess');

    // Deleting makes room again.
    const deleted = await call(setup, acme, 'mutation ($id: ID!) { deleteWebhook(id: $id) { __typename } }', { id: ids[0] });
    expect(deleted.deleteWebhook.__typename).toBe('DeleteWebhookSuccess');
    expect((await call(setup, acme, CREATE_ENDPOINT, { url: setup.receiver.url('/3') })).createWebhook.__typename).toBe('CreateWebhookSuccess');
  });
});
