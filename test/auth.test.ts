/**
 * API keys, scopes and tenants through the public API: no key → 401, a key without the scope
 * → ForbiddenError, a revoked key → 401, another tenant's id → NotFoundError (no existence
 * leak); and nothing changes when a request is refused.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { ADMIN_KEY_FILE } from '../src/auth/bootstrap-admin-key.ts';
import { CreateEventType, CreateWebhook, DeleteWebhook, GetWebhook, ListWebhooks, Providers, UpdateWebhook } from './support/documents.ts';
import { ListDeliveries, PublishEvent, Redeliver } from './support/delivery-documents.ts';
import { createTestGateway, executeAs, storeSnapshot, type TestGateway } from './support/gateway.ts';
import { waitFor } from './support/wait-for.ts';

/** HOOKGATE_REVOCATION_CHECK_MS of the gateway under test (its default). */
const REVOCATION_CHECK_MS = 1_000;

let gateway: TestGateway;
let acme: string;
let globex: string;
let acmeReader: string;

beforeEach(async () => {
  gateway = await createTestGateway({ HOOKGATE_AUTH: 'on' });
  const { store } = gateway.app;
  acme = (await createApiKey(store, { tenant: 'acme', scopes: ['webhooks:read', 'webhooks:write', 'events:publish'] })).token;
  globex = (await createApiKey(store, { tenant: 'globex', scopes: ['admin'] })).token;
  acmeReader = (await createApiKey(store, { tenant: 'acme', scopes: ['webhooks:read'] })).token;
});
afterEach(() => gateway.close());

async function createEndpoint(key: string) {
  await executeAs(gateway.app, key, CreateEventType, { input: { name: 'order.created' } });
  const result = await executeAs(gateway.app, key, CreateWebhook, {
    input: { provider: 'LOCAL', url: 'https://example.com/hooks', events: ['*'] },
  });
  if (result.data?.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(result));
  return result.data.createWebhook.webhook.id;
}

describe('authentication', () => {
  it('creates an admin key on the first start, in a file only the owner can read', async () => {
    const file = path.join(gateway.dataDir, ADMIN_KEY_FILE);
    expect(gateway.app.bootstrapKey?.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toBe(gateway.app.bootstrapKey?.token);
    const providers = await executeAs(gateway.app, token, Providers);
    expect(providers.data?.providers[0]?.configured).toBe(true);
  });

  it('answers a request without a key with 401 and changes nothing', async () => {
    const before = await storeSnapshot(gateway.app);
    const result = await executeAs(gateway.app, null, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/x', events: ['*'] },
    });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await storeSnapshot(gateway.app)).toEqual(before);
  });

  it.each(['hg_000000000000_' + 'a'.repeat(43), 'not-a-key', ''])('refuses the unknown key %j with 401', async (key) => {
    const result = await executeAs(gateway.app, key, Providers);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('accepts X-API-Key as well', async () => {
    const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': acme },
      body: JSON.stringify({ query: '{ providers { name } }' }),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a revoked key once HOOKGATE_REVOCATION_CHECK_MS has passed, though it was trusted a moment before', async () => {
    const { record, token } = await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] });
    expect((await executeAs(gateway.app, token, Providers)).status).toBe(200);
    // Revoked in the store, as the CLI or another instance would: nothing tells this gateway.
    expect(await gateway.app.store.revokeApiKey(record.id, new Date())).toBe(true);
    const revokedAt = performance.now();
    // Until then the look-up made just before may still vouch for it; from then on, none can.
    await waitFor(() => performance.now() - revokedAt >= REVOCATION_CHECK_MS);
    const result = await executeAs(gateway.app, token, Providers);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/revoked/);
  });

  it('refuses another secret under the id of a key that was just accepted', async () => {
    const { token } = await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] });
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await executeAs(gateway.app, token, Providers)).status).toBe(200);
    expect((await executeAs(gateway.app, forged, Providers)).status).toBe(401);
    expect((await executeAs(gateway.app, token, Providers)).status).toBe(200);
  });
});

describe('scopes', () => {
  it('a key without the scope gets a typed ForbiddenError and changes nothing', async () => {
    const before = await storeSnapshot(gateway.app);
    const created = await executeAs(gateway.app, acmeReader, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/x', events: ['*'] },
    });
    expect(created.data?.createWebhook).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    const published = await executeAs(gateway.app, acmeReader, PublishEvent, { input: { event: 'x', payload: {} } });
    expect(published.data?.publishEvent).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await storeSnapshot(gateway.app)).toEqual(before);
    // Reading is within its scope.
    expect((await executeAs(gateway.app, acmeReader, ListWebhooks, { first: 5 })).errors).toBeUndefined();
  });
});

describe('tenants', () => {
  it("another tenant's webhook is not found, not listed, and cannot be changed", async () => {
    const id = await createEndpoint(acme);
    expect((await executeAs(gateway.app, acme, GetWebhook, { id })).data?.webhook?.id).toBe(id);

    expect((await executeAs(gateway.app, globex, GetWebhook, { id })).data?.webhook).toBeNull();
    expect((await executeAs(gateway.app, globex, ListWebhooks, { first: 100 })).data?.webhooks.edges).toEqual([]);
    const update = await executeAs(gateway.app, globex, UpdateWebhook, { id, input: { active: false } });
    expect(update.data?.updateWebhook).toMatchObject({ __typename: 'NotFoundError' });
    const deleted = await executeAs(gateway.app, globex, DeleteWebhook, { id });
    expect(deleted.data?.deleteWebhook).toMatchObject({ __typename: 'NotFoundError' });
    expect((await executeAs(gateway.app, acme, GetWebhook, { id })).data?.webhook).toMatchObject({ id, active: true });
  });

  it('keeps event catalogues, events and deliveries apart', async () => {
    await createEndpoint(acme);
    // globex may use the same event-type name independently.
    const own = await executeAs(gateway.app, globex, CreateEventType, { input: { name: 'order.created', title: 'globex' } });
    expect(own.data?.createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
    const published = await executeAs(gateway.app, acme, PublishEvent, { input: { event: 'order.created', payload: { n: 1 } } });
    if (published.data?.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(JSON.stringify(published));
    const [delivery] = published.data.publishEvent.deliveries;

    // globex has no endpoint: its publish of the same type reaches nobody, and acme's delivery is invisible to it.
    const theirs = await executeAs(gateway.app, globex, PublishEvent, { input: { event: 'order.created', payload: {} } });
    expect(theirs.data?.publishEvent).toMatchObject({ __typename: 'PublishEventSuccess', deliveries: [] });
    expect((await executeAs(gateway.app, globex, ListDeliveries, { first: 100 })).data?.deliveries.edges).toEqual([]);
    const redeliver = await executeAs(gateway.app, globex, Redeliver, { deliveryId: delivery!.id });
    expect(redeliver.data?.redeliver).toMatchObject({ __typename: 'NotFoundError' });
    expect((await executeAs(gateway.app, acme, ListDeliveries, { first: 100 })).data?.deliveries.edges).toHaveLength(1);
  });

  it('shows the upstream providers only to the tenant that owns their accounts', async () => {
    await gateway.close();
    gateway = await createTestGateway({
      HOOKGATE_AUTH: 'on',
      HOOKGATE_UPSTREAM_TENANT: 'acme',
      SHIPPO_API_TOKEN: 'shippo_test_x',
      SHIPPO_API_URL: 'http://127.0.0.1:9',
    });
    const acmeKey = (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] })).token;
    const otherKey = (await createApiKey(gateway.app.store, { tenant: 'other', scopes: ['admin'] })).token;
    const shippo = async (key: string) =>
      (await executeAs(gateway.app, key, Providers)).data?.providers.find((p) => p.name === 'SHIPPO')?.configured;
    expect(await shippo(acmeKey)).toBe(true);
    expect(await shippo(otherKey)).toBe(false);
  });
});

describe('secrets at rest', () => {
  it('are not in the database in clear', async () => {
    await executeAs(gateway.app, acme, CreateEventType, { input: { name: 'a.b' } });
    const created = await executeAs(gateway.app, acme, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/x', events: ['*'] },
    });
    if (created.data?.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error('create failed');
    const secret = created.data.createWebhook.secret as string;
    const closed = gateway;
    await closed.app.close();
    gateway = { ...closed, close: async () => rmSync(closed.dataDir, { recursive: true, force: true }) };
    const files = ['hookgate.sqlite', 'hookgate.sqlite-wal'].map((f) => path.join(closed.dataDir, f));
    const raw = Buffer.concat(files.flatMap((file) => {
      try {
        return [readFileSync(file)];
      } catch {
        return [];
      }
    }));
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect(raw.includes(Buffer.from(secret.slice(6)))).toBe(false);
    expect(raw.includes(Buffer.from(acme))).toBe(false);
  });
});
