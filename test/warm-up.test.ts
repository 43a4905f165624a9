/**
 * The start-up warm-up: a gateway runs events through a throwaway gateway of its own before it
 * says it is ready, and none of it reaches its store; until then /readyz answers 503 and nothing
 * is delivered. Started as npm start runs it, it collects the throwaway gateway's garbage then.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createApiKey } from '../src/auth/api-keys.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { spawnGateway } from './support/child-gateway.ts';
import { buildGatewayAsStarted } from './support/start-command.ts';
import { PublishEvent } from './support/delivery-documents.ts';
import { CreateEventType, CreateWebhook } from './support/documents.ts';
import { createTestGateway, run } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { tempDataDir } from './support/gateway.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the start-up warm-up', () => {
  it('keeps /readyz at 503 and the delivery worker stopped until the app is marked warm', async () => {
    const gateway = await createTestGateway({ HOOKGATE_WARMUP_EVENTS: '100' });
    cleanups.push(() => gateway.close());
    const readyz = async () => {
      const response = await gateway.app.yoga.fetch('http://hookgate.test/readyz');
      return { status: response.status, body: await response.text() };
    };
    expect(await readyz()).toEqual({ status: 503, body: 'warming up' });

    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    await run(gateway.app, CreateEventType, { input: { name: 'order.created' } });
    await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url: receiver.url(), events: ['*'] } });
    const published = await run(gateway.app, PublishEvent, { input: { event: 'order.created', payload: { n: 1 } } });
    expect(published.publishEvent.__typename).toBe('PublishEventSuccess');
    expect(gateway.app.worker.inFlight).toBe(0);

    gateway.app.markWarm();
    expect((await readyz()).status).toBe(200);
    await waitFor(() => receiver.requests.length === 1);
  });

  it('runs its events through a throwaway gateway before it listens, leaving its own store untouched', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    // As npm start runs it: with --expose-gc, the throwaway gateway's garbage is collected before ready.
    const child = spawnGateway({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', HOOKGATE_WARMUP_EVENTS: '300' }, buildGatewayAsStarted());
    cleanups.push(async () => {
      child.process.kill('SIGKILL');
      await child.exited;
    });
    await child.ready;
    expect(child.stdout()).toMatch(/Warmed up: 300 events published and 300 delivered by a throwaway gateway in \d+ ms, its garbage collected in \d+ ms/);
    expect(child.stdout().indexOf('Warmed up')).toBeLessThan(child.stdout().indexOf('listening on'));
    expect(child.stdout()).not.toContain('"path":"/graphql"'); // the throwaway gateway logs nothing
    expect((await request(`${child.origin}/readyz`)).statusCode).toBe(200);

    const store = SqliteStore.open(data.dir);
    cleanups.push(() => store.close());
    const keys = await store.listApiKeys(null);
    expect(keys.map((key) => key.tenant)).toEqual(['default']); // the bootstrap admin key alone
    const { token } = await createApiKey(store, { tenant: 'default', scopes: ['admin'] });
    const response = await request(`${child.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ webhookEvents(provider: LOCAL) { name } deliveries(first: 5) { edges { node { id } } } }' }),
    });
    expect(await response.body.json()).toEqual({ data: { webhookEvents: [], deliveries: { edges: [] } } });
  });
});
