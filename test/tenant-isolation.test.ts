/**
 * Two tenants publishing at the same time, each with its own endpoint and its own subscriber
 * (graphql-ws, authenticated by connection params): each sees only its own.
 */
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/auth/api-keys.ts';
import { startGateway } from '../src/server.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { waitForOpenSubscriptions, waitForSweeps } from './support/metrics.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('two tenants at once', () => {
  it('keep their endpoints, deliveries and subscription streams apart', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
    cleanups.push(() => gateway.stop());
    const keys = {
      acme: (await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] })).token,
      globex: (await createApiKey(gateway.app.store, { tenant: 'globex', scopes: ['admin'] })).token,
    };
    const graphql = (key: string, query: string, variables?: Record<string, unknown>) =>
      postGraphql(gateway.origin, query, variables, key);

    const receivers = { acme: await Receiver.start(), globex: await Receiver.start() };
    cleanups.push(() => receivers.acme.close(), () => receivers.globex.close());
    const seen: Record<'acme' | 'globex', { eventType: string; webhookId: string }[]> = { acme: [], globex: [] };
    const webhookIds: Record<string, string> = {};
    for (const tenant of ['acme', 'globex'] as const) {
      await graphql(keys[tenant], 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
      const created = await graphql(
        keys[tenant],
        'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { ... on CreateWebhookSuccess { webhook { id } } } }',
        { url: receivers[tenant].url(`/${tenant}`) },
      );
      webhookIds[tenant] = created.createWebhook.webhook.id;
      const ws = createWsClient({
        url: `${gateway.origin.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${keys[tenant]}` },
        lazy: false,
      });
      cleanups.push(() => ws.dispose());
      cleanups.push(
        ws.subscribe<{ deliveryEvents: { eventType: string; webhookId: string } }>(
          { query: 'subscription { deliveryEvents { eventType webhookId } }' },
          { next: (r) => void (r.data && seen[tenant].push(r.data.deliveryEvents)), error: (e) => console.error(e), complete: () => {} },
        ),
      );
    }
    await waitForOpenSubscriptions(gateway.origin, 2);

    const publish = (tenant: 'acme' | 'globex', i: number) =>
      graphql(keys[tenant], 'mutation ($p: JSON!) { publishEvent(input: { event: "order.created", payload: $p }) { __typename } }', {
        p: { tenant, i },
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => [publish('acme', i), publish('globex', i)]).flat());

    await waitFor(() => seen.acme.length === 20 && seen.globex.length === 20);
    await waitForSweeps(gateway.origin); // anything extra would have arrived by now
    for (const tenant of ['acme', 'globex'] as const) {
      expect(seen[tenant]).toHaveLength(20);
      expect(seen[tenant].every((e) => e.webhookId === webhookIds[tenant])).toBe(true);
      expect(receivers[tenant].requests).toHaveLength(20);
      expect(receivers[tenant].requests.every((r) => JSON.parse(r.body).data.tenant === tenant)).toBe(true);
    }

    // An unauthenticated WebSocket subscriber gets nothing: its connection is closed at connection_init.
    const anonymous = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
    cleanups.push(() => anonymous.dispose());
    const error = await new Promise<unknown>((resolve) => {
      anonymous.subscribe({ query: 'subscription { deliveryEvents { eventType } }' }, { next: () => {}, error: resolve, complete: () => resolve(null) });
    });
    expect(error).toMatchObject({ code: 4401, reason: expect.stringMatching(/API key/) });
  });
});
