/**
 * UpstreamClient shares GETs: concurrent identical listings cost one upstream call (unless
 * UPSTREAM_GET_JOIN is off), answers are reused for UPSTREAM_GET_CACHE_MS, and a write through
 * the gateway forgets them at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TRANSPORT_OPTIONS, UpstreamClient } from '../../src/providers/upstream/upstream-client.ts';
import { pagedWebhookList, shippoWebhookList } from '../../src/providers/shippo/wire.ts';
import { SHIPPO_DOUBLE_TOKEN, type ShippoDouble, shippoGatewayEnv, startShippoDouble } from '../doubles/shippo-double.ts';
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
  gateway = undefined;
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

describe('reading the same body again', () => {
  const client = () =>
    new UpstreamClient({
      provider: 'SHIPPO',
      baseUrl: double.url,
      headers: () => ({ authorization: `ShippoToken ${SHIPPO_DOUBLE_TOKEN}` }),
      describeError: () => null,
      transport: { ...DEFAULT_TRANSPORT_OPTIONS, getCacheMs: 0 },
    });
  const list = (upstream: UpstreamClient) =>
    upstream.call({ method: 'GET', path: '/webhooks', prepare: pagedWebhookList, schema: shippoWebhookList, operation: 'list webhooks' });

  it('hands out the data parsed before when the text is the same, and parses a changed one', async () => {
    const upstream = client();
    try {
      const first = await list(upstream);
      const second = await list(upstream);
      expect(lists()).toBe(2); // every call still goes upstream
      expect(second.data).toBe(first.data);
      double.add({ url: 'https://example.com/changed' });
      const third = await list(upstream);
      expect(third.data).not.toBe(first.data);
      expect(third.data.results.map((w) => w.url)).toContain('https://example.com/changed');
      expect(first.data.results.map((w) => w.url)).not.toContain('https://example.com/changed');
    } finally {
      await upstream.close();
    }
  });
});
