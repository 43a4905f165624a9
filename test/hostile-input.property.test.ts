/**
 * Property: whatever a client sends to any mutation (huge strings, unicode, deep JSON, wrong
 * types, odd URLs), the gateway answers without a 5xx and without an unexpected error: each
 * answer is a success, a typed error member of the result union, or a GraphQL error carrying
 * an error code. And the process keeps serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';

let gateway: TestGateway;
let receiver: Receiver;
let webhookId: string;

async function post(query: string, variables: unknown): Promise<{ status: number; body: any }> {
  const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

beforeAll(async () => {
  gateway = await createTestGateway({ HOOKGATE_TEST_TIMEOUT_MS: '500' });
  receiver = await Receiver.start();
  await post('mutation { createWebhookEventType(input: { name: "order.created", schema: { type: "object" } }) { __typename } }', {});
  const created = await post(
    'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { ... on CreateWebhookSuccess { webhook { id } } } }',
    { url: receiver.url() },
  );
  webhookId = created.body.data.createWebhook.webhook.id;
});
afterAll(async () => {
  await receiver.close();
  await gateway.close();
});

const RESULT = '__typename ... on Error { code message }';
const MUTATIONS: Record<string, string> = {
  createWebhook: `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { ${RESULT} } }`,
  updateWebhook: `mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${RESULT} } }`,
  deleteWebhook: `mutation ($id: ID!) { deleteWebhook(id: $id) { ${RESULT} } }`,
  testWebhook: `mutation ($id: ID!, $event: String) { testWebhook(id: $id, event: $event) { ${RESULT} } }`,
  rotateWebhookSecret: `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { ${RESULT} } }`,
  createWebhookEventType: `mutation ($input: CreateWebhookEventTypeInput!) { createWebhookEventType(input: $input) { ${RESULT} } }`,
  updateWebhookEventType: `mutation ($name: String!, $input: UpdateWebhookEventTypeInput!) { updateWebhookEventType(name: $name, input: $input) { ${RESULT} } }`,
  deleteWebhookEventType: `mutation ($name: String!) { deleteWebhookEventType(name: $name) { ${RESULT} } }`,
  publishEvent: `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { ${RESULT} } }`,
  redeliver: `mutation ($deliveryId: ID!) { redeliver(deliveryId: $deliveryId) { ${RESULT} } }`,
  recoverWebhookDeliveries: `mutation ($id: ID!, $since: DateTime!) { recoverWebhookDeliveries(id: $id, since: $since) { ${RESULT} } }`,
};

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom('', ' ', '\u0000', '*', '../../etc/passwd', '%00', '\ud800', 'x'.repeat(5000), 'ép_☃', 'order.created'),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'http://127.0.0.1:1/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://0x7f000001/',
    'http://localhost.:80',
    `https://example.com/${'a'.repeat(3000)}`,
  ),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 6 }),
  fc.array(hostileString, { maxLength: 8 }),
);
const idValue = fc.oneof(anyValue, fc.constant('__WEBHOOK__'), fc.constantFrom('dlv_x', 'V2ViaG9vazpbXQ'));
const inputObject = fc.dictionary(
  fc.constantFrom('provider', 'url', 'urls', 'name', 'events', 'active', 'isTest', 'secret', 'scope', 'title', 'description', 'category', 'schema', 'example', 'event', 'payload', 'idempotencyKey', 'extra'),
  fc.oneof(anyValue, fc.constantFrom('LOCAL', 'BOLT', ['*'], ['order.created'])),
);

const variables = fc.record(
  {
    input: fc.oneof(inputObject, anyValue),
    id: idValue,
    name: fc.oneof(hostileString, anyValue),
    event: fc.oneof(hostileString, fc.constant(null)),
    deliveryId: idValue,
    since: fc.oneof(fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'nope' : d.toISOString())), anyValue),
  },
  { requiredKeys: [] },
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const deepJson = fc.jsonValue({ maxDepth: 12 });
const eventNames = fc.array(fc.oneof(hostileString, fc.constant('order.created'), fc.constant('*')), { maxLength: 6 });
const scope = fc.record({ divisionId: maybe(hostileString), shopId: maybe(hostileString), workspaceId: maybe(hostileString) });
const someId = fc.oneof(hostileString, fc.constant('__WEBHOOK__'));

/** Variables of the right GraphQL types with hostile values, so the resolvers themselves are driven. */
const TYPED: Record<string, fc.Arbitrary<unknown>> = {
  createWebhook: fc.record({
    input: fc.record({
      provider: fc.constantFrom('LOCAL', 'BOLT', 'UP42'),
      url: hostileString,
      urls: maybe(fc.array(hostileString, { maxLength: 4 })),
      name: maybe(hostileString),
      events: eventNames,
      active: maybe(fc.boolean()),
      secret: maybe(hostileString),
      scope: maybe(scope),
    }),
  }),
  updateWebhook: fc.record({
    id: someId,
    input: fc.record({ url: maybe(hostileString), name: maybe(fc.oneof(hostileString, fc.constant(null))), events: maybe(eventNames), active: maybe(fc.boolean()) }),
  }),
  deleteWebhook: fc.record({ id: someId }),
  testWebhook: fc.record({ id: someId, event: maybe(hostileString) }),
  rotateWebhookSecret: fc.record({ id: someId }),
  createWebhookEventType: fc.record({
    input: fc.record({ name: hostileString, title: maybe(hostileString), description: maybe(hostileString), schema: maybe(deepJson), example: maybe(deepJson) }),
  }),
  updateWebhookEventType: fc.record({
    name: fc.oneof(hostileString, fc.constant('order.created')),
    input: fc.record({ title: maybe(hostileString), schema: maybe(deepJson), example: maybe(deepJson) }),
  }),
  deleteWebhookEventType: fc.record({ name: hostileString }),
  publishEvent: fc.record({
    input: fc.record({ event: fc.oneof(hostileString, fc.constant('order.created')), payload: deepJson, idempotencyKey: maybe(hostileString) }),
  }),
  redeliver: fc.record({ deliveryId: hostileString }),
  recoverWebhookDeliveries: fc.record({ id: someId, since: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) }),
};

function allowed(status: number, body: any): string | null {
  if (status >= 500) return `HTTP ${status}`;
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (!code || code === 'INTERNAL_SERVER_ERROR') return `unexpected error: ${JSON.stringify(error)}`;
  }
  for (const value of Object.values(body.data ?? {})) {
    const result = value as { __typename?: string; code?: string } | null;
    if (result && !result.__typename) return 'result without __typename';
  }
  return null;
}

describe('every mutation under hostile input', () => {
  it.each(Object.keys(MUTATIONS))('%s never answers 5xx or an unexpected error', async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(variables, TYPED[name]!), async (vars) => {
        const withIds = JSON.parse(JSON.stringify(vars).replaceAll('"__WEBHOOK__"', JSON.stringify(webhookId)));
        const { status, body } = await post(MUTATIONS[name]!, withIds);
        const problem = allowed(status, body);
        if (problem) throw new Error(`${problem} for ${JSON.stringify(withIds).slice(0, 500)}`);
      }),
      { numRuns: 80 },
    );
    const health = await gateway.app.yoga.fetch('http://hookgate.test/readyz');
    expect(health.status).toBe(200);
  }, 120_000);
});
