/**
 * A key without the scope an operation needs is told which scope: `ForbiddenError.requiredScope`
 * in mutation results, `extensions.requiredScope` on queries, and the message names it too.
 * (Before, both said only "required by this field".)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request } from 'undici';
import { createApiKey } from '../src/auth/api-keys.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

let gateway: RunningGateway;
let removeData: () => void;
let publisher: string;
let reader: string;

beforeAll(async () => {
  const data = tempDataDir();
  removeData = data.remove;
  gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
  publisher = (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['events:publish'] })).token;
  reader = (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['webhooks:read'] })).token;
});
afterAll(async () => {
  await gateway?.stop();
  removeData?.();
});

async function callGateway(key: string, query: string) {
  const response = await request(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await response.body.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

it.each([
  ['createWebhook', 'webhooks:write', 'createWebhook(input: { provider: LOCAL, url: "https://example.com/x", events: ["*"] })'],
  ['publishEvent', 'events:publish', 'publishEvent(input: { event: "a.b", payload: {} })'],
])('a mutation result names the missing scope (%s needs %s)', async (_name, scope, field) => {
  const result = await callGateway(reader, `mutation { result: ${field} { __typename ... on ForbiddenError { code message requiredScope } } }`);
  expect(result.data?.result).toEqual({
    __typename: 'ForbiddenError',
    code: 'FORBIDDEN',
    requiredScope: scope,
    message: `This API key lacks the scope ${scope}`,
  });
});

it('a query error names the missing scope in its message and extensions', async () => {
  const result = await callGateway(publisher, '{ webhooks { edges { cursor } } }');
  expect(result.errors?.[0]).toMatchObject({
    message: 'This API key lacks the scope webhooks:read',
    extensions: { code: 'FORBIDDEN', requiredScope: 'webhooks:read' },
  });
});
