/**
 * `webhooks` without `provider`: every configured provider (LOCAL included) listed
 * concurrently and merged newest first, one cursor continuing each provider where it
 * stopped, and a failing provider reported in providerErrors instead of failing the query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlazeDouble, blazeGatewayEnv, startBlazeDouble } from './doubles/blaze-double.ts';
import { type BoltDouble, boltGatewayEnv, startBoltDouble } from './doubles/bolt-double.ts';
import { type ShippoDouble, shippoGatewayEnv, startShippoDouble } from './doubles/shippo-double.ts';
import { type Up42Double, startUp42Double, up42GatewayEnv } from './doubles/up42-double.ts';
import { CreateEventType, CreateWebhook, ListWebhooks } from './support/documents.ts';
import { createTestGateway, execute, run, type TestGateway } from './support/gateway.ts';

const BASE = Date.parse('2025-01-01T00:00:00Z');
const minute = (k: number) => BASE + k * 60_000;

let bolt: BoltDouble;
let shippo: ShippoDouble;
let blaze: BlazeDouble;
let up42: Up42Double;
let gateway: TestGateway;
/** Expected order of urls, newest first. */
let expected: string[];

beforeAll(async () => {
  [bolt, shippo, blaze, up42] = await Promise.all([startBoltDouble(), startShippoDouble(), startBlazeDouble(), startUp42Double()]);
  // Interleaved ages so that the merge has to alternate between providers.
  const byAge: [number, string][] = [];
  for (const k of [1, 5, 9]) {
    bolt.seed({ url: `https://example.com/bolt/${k}`, createdAt: minute(k) });
    byAge.push([k, `https://example.com/bolt/${k}`]);
  }
  for (const k of [2, 6, 10]) {
    shippo.add({ url: `https://example.com/shippo/${k}`, object_created: new Date(minute(k)).toISOString() });
    byAge.push([k, `https://example.com/shippo/${k}`]);
  }
  for (const k of [11, 7, 3]) {
    // BLAZE returns its own order (creation order here): seed newest first.
    blaze.seed({ created: minute(k), modified: minute(k), webHookUrls: [`https://example.com/blaze/${k}`] });
    byAge.push([k, `https://example.com/blaze/${k}`]);
  }
  for (const k of [4, 8, 12]) {
    up42.seed({ url: `https://example.com/up42/${k}`, createdAt: new Date(minute(k)).toISOString() });
    byAge.push([k, `https://example.com/up42/${k}`]);
  }
  gateway = await createTestGateway({
    ...boltGatewayEnv(bolt),
    ...shippoGatewayEnv(shippo),
    ...blazeGatewayEnv(blaze),
    ...up42GatewayEnv(up42),
    UPSTREAM_RETRY_BASE_DELAY_MS: '5',
    UPSTREAM_BREAKER_THRESHOLD: '1000',
  });
  await run(gateway.app, CreateEventType, { input: { name: 'a.b' } });
  const local: string[] = [];
  for (const i of [1, 2]) {
    const url = `https://example.com/local/${i}`;
    await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url, events: ['*'] } });
    local.unshift(url);
  }
  expected = [...local, ...byAge.sort((a, b) => b[0] - a[0]).map(([, url]) => url)];
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([bolt.close(), shippo.close(), blaze.close(), up42.close()]);
});

describe('webhooks across every provider', () => {
  it('merges every provider newest first and pages through all of them with one cursor', async () => {
    const seen: string[] = [];
    const providers = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Awaited<ReturnType<typeof listPage>> = await listPage(after);
      expect(data.webhooks.providerErrors).toEqual([]);
      for (const { node } of data.webhooks.edges) {
        seen.push(node.url);
        providers.add(node.provider);
      }
      pages += 1;
      if (!data.webhooks.pageInfo.hasNextPage) break;
      after = data.webhooks.pageInfo.endCursor ?? null;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(4); // 14 webhooks, 4 per page
    expect(providers).toEqual(new Set(['LOCAL', 'BOLT', 'SHIPPO', 'BLAZE', 'UP42']));
  });

  it('lists the others and reports the provider that is down, without failing the query', async () => {
    shippo.server.inject({ status: 503, body: { detail: 'maintenance' }, times: 10 });
    try {
      const result = await execute(gateway.app, ListWebhooks, { first: 100 });
      expect(result.errors).toBeUndefined();
      const listing = result.data!.webhooks;
      expect(listing.providerErrors).toEqual([
        { provider: 'SHIPPO', code: 'UPSTREAM_ERROR', message: expect.stringContaining('503') },
      ]);
      expect(listing.edges.map((e) => e.node.url)).toEqual(expected.filter((url) => !url.includes('/shippo/')));
    } finally {
      shippo.server.clearFailures();
    }
  });

  it('asks each provider once per page', async () => {
    for (const double of [bolt.server, shippo.server, blaze.server, up42.server]) double.resetLog();
    await run(gateway.app, ListWebhooks, { first: 100 });
    expect(bolt.server.count('GET', /^\/v1\/webhooks$/)).toBe(1);
    expect(shippo.server.count('GET', /^\/webhooks$/)).toBe(1);
    expect(blaze.server.count('GET', /webHooks$/)).toBe(1);
    expect(up42.server.count('GET', /\/workspaces\/[^/]+\/webhooks$/)).toBe(1);
  });
});

function listPage(after: string | null) {
  return run(gateway.app, ListWebhooks, { first: 4, after });
}
