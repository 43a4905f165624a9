/**
 * A query over upstream listings the gateway keeps (UPSTREAM_GET_CACHE_MS) is answered again
 * without executing it (src/execution/reused-results.ts): the same bytes, while the kept answer
 * holds, and never across callers whose tenant or scopes differ, nor for fields whose value the
 * kept answer does not decide.
 */
import { request } from 'undici';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ShippoProvider } from '../src/providers/shippo/shippo-provider.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { type ShippoDouble, shippoGatewayEnv, startShippoDouble } from './doubles/shippo-double.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

const LISTING = '{ webhooks(provider: SHIPPO, first: 5) { edges { cursor node { id url events active createdAt } } pageInfo { hasNextPage endCursor } } }';

let double: ShippoDouble;
let gateway: RunningGateway;
let removeData: () => void;
let reader: string;

beforeEach(async () => {
  double = await startShippoDouble();
  double.seed(8);
  const data = tempDataDir();
  removeData = data.remove;
  gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', UPSTREAM_GET_CACHE_MS: '60000', ...shippoGatewayEnv(double) }));
  reader = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['webhooks:read'] })).token;
});
afterEach(async () => {
  await gateway?.stop();
  removeData?.();
  await double.close();
});

/** `path` with a query string: answered by yoga rather than json-post-route.ts. */
async function post(key: string, query: string, variables?: Record<string, unknown>, path = '/graphql'): Promise<{ status: number; text: string }> {
  const response = await request(`${gateway.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

const urlsOf = (text: string): string[] =>
  (JSON.parse(text) as { data: { webhooks: { edges: { node: { url: string } }[] } } }).data.webhooks.edges.map((e) => e.node.url);

it('answers the same listing with the same bytes while the upstream answer is kept, and afresh after a write', async () => {
  const lists = vi.spyOn(ShippoProvider.prototype, 'list');
  const first = await post(reader, LISTING);
  expect(first.status).toBe(200);
  expect(urlsOf(first.text)).toHaveLength(5);
  const again = await post(reader, LISTING);
  expect(again).toEqual(first);
  expect(await post(reader, LISTING, undefined, '/graphql?through=yoga')).toEqual(first);
  expect(lists).toHaveBeenCalledTimes(1);

  const admin = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
  const created = await post(admin, 'mutation { createWebhook(input: { provider: SHIPPO, url: "https://example.com/new", events: ["track_updated"] }) { __typename } }');
  expect(created.text).toContain('CreateWebhookSuccess');
  expect(urlsOf((await post(reader, LISTING)).text)).toContain('https://example.com/new');
  expect(lists).toHaveBeenCalledTimes(2);
  lists.mockRestore();
});

it('executes every time with UPSTREAM_GET_CACHE_MS=0', async () => {
  await gateway.stop();
  const data = tempDataDir();
  const removeFirst = removeData;
  removeData = () => {
    removeFirst();
    data.remove();
  };
  gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', UPSTREAM_GET_CACHE_MS: '0', ...shippoGatewayEnv(double) }));
  const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['webhooks:read'] })).token;
  expect(urlsOf((await post(key, LISTING)).text)).not.toContain('https://example.com/behind');
  double.add({ url: 'https://example.com/behind', object_created: new Date().toISOString() });
  expect(urlsOf((await post(key, LISTING)).text)).toContain('https://example.com/behind');
});

it('is keyed on the variables', async () => {
  const query = 'query ($first: Int) { webhooks(provider: SHIPPO, first: $first) { edges { node { url } } } }';
  expect(urlsOf((await post(reader, query, { first: 2 })).text)).toHaveLength(2);
  expect(urlsOf((await post(reader, query, { first: 3 })).text)).toHaveLength(3);
});

it('checks every caller: a key without the scope is refused, and another tenant does not see the listing', async () => {
  expect((await post(reader, LISTING)).status).toBe(200);
  const publisher = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['events:publish'] })).token;
  const refused = JSON.parse((await post(publisher, LISTING)).text) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const otherTenant = (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['webhooks:read'] })).token;
  const other = JSON.parse((await post(otherTenant, LISTING)).text) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
  expect(other.errors?.[0]?.extensions?.code).toBe('PROVIDER_NOT_CONFIGURED');
  // The first caller still gets its listing.
  expect(urlsOf((await post(reader, LISTING)).text)).toHaveLength(5);
});

it('executes every time an operation that reads what no kept answer decides', async () => {
  const admin = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'] })).token;
  // The merged listing reads LOCAL endpoints from the store.
  const merged = '{ webhooks(first: 50) { edges { node { url } } } }';
  const before = urlsOf((await post(admin, merged)).text);
  expect(before).not.toContain('https://example.com/local');
  const created = await post(admin, 'mutation { createWebhook(input: { provider: LOCAL, url: "https://example.com/local", events: ["*"] }) { __typename } }');
  expect(created.text).toContain('CreateWebhookSuccess');
  expect(urlsOf((await post(admin, merged)).text)).toContain('https://example.com/local');
});
