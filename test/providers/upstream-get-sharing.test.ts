/**
 * UpstreamClient shares GETs: concurrent identical listings cost one upstream call (unless
 * UPSTREAM_GET_JOIN is off), answers are reused for UPSTREAM_GET_CACHE_MS, and a write through
 * the gateway forgets them at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ShippoDouble, shippoGatewayEnv, startShippoDouble } from '../doubles/shippo-double.ts';
import { CreateWebhook, ListWebhooks } from '../support/documents.ts';
import { createTestGateway, run, type TestGateway } from '../support/gateway.ts';

let double: ShippoDouble;
let gateway: TestGateway | undefined;
beforeEach(async () => {
  double = await startShippoDouble();
  double.seed(20);
});
afterEach(async () => {
  await gateway?.close();
  await double.close();
});

const lists = () => double.server.count('GET', /^\/webhooks$/);

describe('sharing upstream GETs', () => {
  it('sends one upstream call for concurrent identical listings, even without reuse', async () => {
    gateway = await createTestGateway({ ...shippoGatewayEnv(double), UPSTREAM_GET_CACHE_MS: '0' });
    double.server.inject({ delayMs: 100, status: undefined, times: 1 });
    const pages = await Promise.all(Array.from({ length: 10 }, () => run(gateway!.app, ListWebhooks, { provider: 'SHIPPO', first: 5 })));
    expect(pages.every((p) => p.webhooks.edges.length === 5)).toBe(true);
    expect(lists()).toBe(1);
    await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 5 });
    expect(lists()).toBe(2); // nothing is kept once the call is over
  });

  it('sends every listing upstream with UPSTREAM_GET_JOIN off and no reuse', async () => {
    gateway = await createTestGateway({ ...shippoGatewayEnv(double), UPSTREAM_GET_CACHE_MS: '0', UPSTREAM_GET_JOIN: 'off' });
    double.server.inject({ delayMs: 100, status: undefined, times: 1 });
    const pages = await Promise.all(Array.from({ length: 10 }, () => run(gateway!.app, ListWebhooks, { provider: 'SHIPPO', first: 5 })));
    expect(pages.every((p) => p.webhooks.edges.length === 5)).toBe(true);
    expect(lists()).toBe(10);
  });

  it('reuses an answer for the configured time and forgets it when the gateway writes', async () => {
    gateway = await createTestGateway({ ...shippoGatewayEnv(double), UPSTREAM_GET_CACHE_MS: '60000' });
    await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 100 });
    await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 100 });
    expect(lists()).toBe(1);

    await run(gateway.app, CreateWebhook, {
      input: { provider: 'SHIPPO', url: 'https://example.com/new', events: ['track_updated'] },
    });
    const after = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 100 });
    expect(lists()).toBe(2);
    expect(after.webhooks.edges.map((e) => e.node.url)).toContain('https://example.com/new');
  });

  it('does not keep a failed answer', async () => {
    gateway = await createTestGateway({ ...shippoGatewayEnv(double), UPSTREAM_GET_CACHE_MS: '60000', UPSTREAM_MAX_RETRIES: '0' });
    double.server.inject({ status: 500, body: { detail: 'boom' } });
    const failed = await run(gateway.app, ListWebhooks, { first: 100 });
    expect(failed.webhooks.providerErrors).toHaveLength(1);
    const ok = await run(gateway.app, ListWebhooks, { provider: 'SHIPPO', first: 100 });
    expect(ok.webhooks.edges).toHaveLength(20);
  });
});
