/**
 * Forged webhook ids never reach a provider: an id whose webhook id or scope is `..`, `a/b`,
 * `%2e%2e`, … is refused as invalid (or not found) by `webhook`, `updateWebhook`,
 * `deleteWebhook` and `testWebhook`, and the provider double records no request at all.
 * Before the fix, `..` made the gateway call `GET /v1/`, `/api/v1/partner/` or `/workspaces/`
 * with its credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { BOLT_DOUBLE_DIVISION_ID } from './doubles/bolt-double.ts';
import { BLAZE_DOUBLE_SHOP_ID } from './doubles/blaze-double.ts';
import { UP42_DOUBLE_WORKSPACE_ID } from './doubles/up42-double.ts';
import { type AllDoubles, startAllDoubles, type UpstreamName } from './support/all-doubles.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

let doubles: AllDoubles;
let gateway: RunningGateway;
let removeData: () => void;

beforeAll(async () => {
  doubles = await startAllDoubles();
  const data = tempDataDir();
  removeData = data.remove;
  // Hundreds of refusals in a row: the per-address rate limit is not what this suite tests.
  gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_RATE_LIMIT_PER_MINUTE: '0', ...doubles.env }));
});
afterAll(async () => {
  await gateway?.stop();
  await doubles?.close();
  removeData?.();
});

const HOSTILE_PARTS = ['..', '.', '%2e%2e', '%2E%2e', '.%2e', 'a/b', '../..', 'a\\b', '..\\..', '?x=1', '#top', '%2f', 'a%00', '\u0000', '\n', ''];

/** A well-formed id of each provider, and the scope key its ids carry. */
const GENUINE: Record<UpstreamName, { externalId: string; scope: Record<string, string> | null }> = {
  BOLT: { externalId: 'wh_za7VbYcSQU2zRgGQXQAm-g', scope: { divisionId: BOLT_DOUBLE_DIVISION_ID } },
  SHIPPO: { externalId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', scope: null },
  BLAZE: { externalId: '5f0c8a1e2b3c4d5e6f700999', scope: { shopId: BLAZE_DOUBLE_SHOP_ID } },
  UP42: { externalId: '7d2c4e1a-9b3f-4c5d-8e6f-1a2b3c4d5e6f', scope: { workspaceId: UP42_DOUBLE_WORKSPACE_ID } },
};

function forgedId(provider: string, externalId: string, scope: Record<string, string> | null): string {
  return Buffer.from(`Webhook:${JSON.stringify([provider, externalId, scope])}`).toString('base64url');
}

/** Every forged id of a provider: each hostile part as the webhook id, and as each scope value. */
function forgedIds(provider: UpstreamName): string[] {
  const { externalId, scope } = GENUINE[provider];
  return HOSTILE_PARTS.flatMap((part) => [
    forgedId(provider, part, scope),
    ...Object.keys(scope ?? { workspaceId: '' }).map((key) => forgedId(provider, externalId, { ...scope, [key]: part })),
  ]);
}

const RESULT = '__typename ... on Error { code message }';
const OPERATIONS: Record<string, string> = {
  webhook: 'query ($id: ID!) { webhook(id: $id) { id } }',
  updateWebhook: `mutation ($id: ID!) { updateWebhook(id: $id, input: { url: "https://example.com/x" }) { ${RESULT} } }`,
  deleteWebhook: `mutation ($id: ID!) { deleteWebhook(id: $id) { ${RESULT} } }`,
  testWebhook: `mutation ($id: ID!) { testWebhook(id: $id) { ${RESULT} } }`,
};

async function callGateway(query: string, variables: Record<string, unknown>) {
  const response = await request(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.body.json()) as { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
}

describe.each(['BOLT', 'SHIPPO', 'BLAZE', 'UP42'] as const)('forged %s ids', (provider) => {
  it.each(Object.keys(OPERATIONS))('%s refuses them without calling the provider', async (operation) => {
    const server = doubles.servers[provider];
    server.resetLog();
    for (const id of forgedIds(provider)) {
      const result = await callGateway(OPERATIONS[operation]!, { id });
      if (operation === 'webhook') {
        // A query has no result union: the refusal is a typed GraphQL error.
        expect(result.data?.webhook ?? null, id).toBeNull();
        expect(['VALIDATION_FAILED', 'NOT_FOUND'], id).toContain(result.errors?.[0]?.extensions?.code);
      } else {
        expect(['ValidationError', 'NotFoundError'], id).toContain(result.data?.[operation]?.__typename);
      }
    }
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('still reaches the provider with a well-formed id', async () => {
    const server = doubles.servers[provider];
    server.resetLog();
    const { externalId, scope } = GENUINE[provider];
    const result = await callGateway(OPERATIONS.webhook!, { id: forgedId(provider, externalId, scope) });
    expect(result.errors).toBeUndefined();
    expect(server.requests.length).toBeGreaterThan(0);
  });
});

describe('scope values given as input', () => {
  it.each(['..', 'a/b', '%2e%2e'])('a UP42 workspaceId of %j is refused before any call', async (workspaceId) => {
    const server = doubles.servers.UP42;
    server.resetLog();
    const result = await callGateway(
      `mutation ($scope: WebhookScopeInput) {
        createWebhook(input: { provider: UP42, url: "https://example.com/x", events: ["job.status"], scope: $scope }) {
          __typename ... on ValidationError { fieldErrors { path } }
        }
      }`,
      { scope: { workspaceId } },
    );
    expect(result.data?.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'scope', 'workspaceId'] }],
    });
    const listed = await callGateway('query ($scope: WebhookScopeInput) { webhooks(provider: UP42, scope: $scope) { edges { cursor } } }', {
      scope: { workspaceId },
    });
    expect(listed.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(server.requests).toEqual([]);
  });
});
