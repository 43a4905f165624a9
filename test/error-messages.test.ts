/**
 * Messages that say what is true and what to do: a provider configured for another tenant is
 * not "not configured", one without credentials names the variables to set, and a UP42 test
 * that reached nothing says why rather than "fetch failed".
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { startShippoDouble, shippoGatewayEnv } from './doubles/shippo-double.ts';
import { startUp42Double, up42GatewayEnv } from './doubles/up42-double.ts';
import { createTestGateway, executeAs } from './support/gateway.ts';
import { CreateWebhook, TestWebhook } from './support/documents.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback port where nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('error messages', () => {
  it('tells another tenant that the provider is configured for a different tenant, and names the variables when it is not', async () => {
    const shippo = await startShippoDouble();
    cleanups.push(() => shippo.close());
    const gateway = await createTestGateway({ ...shippoGatewayEnv(shippo), HOOKGATE_AUTH: 'on' });
    cleanups.push(() => gateway.close());
    const acme = (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'], name: null })).token;
    const owner = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'], name: null })).token;
    const input = { provider: 'SHIPPO' as const, url: 'https://example.com/hooks', events: ['track_updated'] };

    const other = await executeAs(gateway.app, acme, CreateWebhook, { input });
    expect(other.data?.createWebhook).toMatchObject({
      __typename: 'ProviderNotConfiguredError',
      message: expect.stringMatching(/^Provider SHIPPO is configured on this gateway for another tenant only \(HOOKGATE_UPSTREAM_TENANT\)/),
    });
    const missing = await executeAs(gateway.app, owner, CreateWebhook, { input: { ...input, provider: 'BOLT', events: ['payment'] } });
    expect(missing.data?.createWebhook).toMatchObject({
      __typename: 'ProviderNotConfiguredError',
      message: 'Provider BOLT is not configured on this gateway: its operator must set BOLT_API_KEY and restart it',
    });
  });

  it('a UP42 test that reached nothing says why, not only "fetch failed"', async () => {
    const up42 = await startUp42Double();
    cleanups.push(() => up42.close());
    const gateway = await createTestGateway({ ...up42GatewayEnv(up42), HOOKGATE_AUTH: 'on' });
    cleanups.push(() => gateway.close());
    const key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'], name: null })).token;
    const url = `http://127.0.0.1:${await closedPort()}/hooks`;
    const created = await executeAs(gateway.app, key, CreateWebhook, { input: { provider: 'UP42', url, events: ['job.status'] } });
    if (created.data?.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(created));

    const tested = await executeAs(gateway.app, key, TestWebhook, { id: created.data.createWebhook.webhook.id });
    if (tested.data?.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(tested));
    const [test] = tested.data.testWebhook.result.tests;
    expect(test?.success).toBe(false);
    expect(test?.error).toMatch(/ECONNREFUSED/);
  });
});
