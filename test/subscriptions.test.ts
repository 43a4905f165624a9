import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway } from '../src/server.ts';
import { CreateEventType, CreateWebhook } from './support/documents.ts';
import { PublishEvent } from './support/delivery-documents.ts';
import { run, tempDataDir, testConfig } from './support/gateway.ts';
import { waitForOpenSubscriptions, waitForSweeps } from './support/metrics.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SUBSCRIPTION = /* GraphQL */ `
  subscription Watch($webhookId: ID, $events: [String!]) {
    deliveryEvents(webhookId: $webhookId, events: $events) {
      attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus statusCode
    }
  }
`;

interface SeenEvent {
  attemptId: string;
  webhookId: string;
  eventType: string;
  outcome: string;
  deliveryStatus: string;
}

describe('deliveryEvents subscription', () => {
  it('streams every attempt of the filtered deliveries, and nothing else, over graphql-ws and graphql-sse', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_RETRY_SCHEDULE: '0,20ms', HOOKGATE_RETRY_JITTER: '0' }));
    cleanups.push(() => gateway.stop());
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    // Every message fails once per endpoint, then succeeds: two attempts per delivery.
    const failedOnce = new Set<string>();
    receiver.options = {
      respond: (request) => {
        const key = `${String(request.headers['webhook-id'])} ${request.url}`;
        if (failedOnce.has(key)) return { status: 200 };
        failedOnce.add(key);
        return { status: 500 };
      },
    };

    const { app } = gateway;
    for (const name of ['order.created', 'order.shipped']) await run(app, CreateEventType, { input: { name } });
    const endpoints: string[] = [];
    for (const path of ['/a', '/b']) {
      const created = await run(app, CreateWebhook, { input: { provider: 'LOCAL', url: receiver.url(path), events: ['*'] } });
      if (created.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error('create failed');
      endpoints.push(created.createWebhook.webhook.id);
    }
    const [endpointA, endpointB] = endpoints as [string, string];

    const wsSeen: SeenEvent[] = [];
    const ws = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
    cleanups.push(() => ws.dispose());
    const wsDone = ws.subscribe<{ deliveryEvents: SeenEvent }>(
      { query: SUBSCRIPTION, variables: { webhookId: endpointA } },
      { next: (r) => void (r.data && wsSeen.push(r.data.deliveryEvents)), error: (e) => console.error(e), complete: () => {} },
    );
    cleanups.push(wsDone);

    const sseSeen: SeenEvent[] = [];
    const sse = createSseClient({ url: `${gateway.origin}/graphql` });
    cleanups.push(() => sse.dispose());
    const sseDone = sse.subscribe<{ deliveryEvents: SeenEvent }>(
      { query: SUBSCRIPTION, variables: { webhookId: endpointB, events: ['order.created'] } },
      { next: (r) => void (r.data && sseSeen.push(r.data.deliveryEvents)), error: (e) => console.error(e), complete: () => {} },
    );
    cleanups.push(sseDone);
    // Both transports must be subscribed before anything is published: pub/sub has no replay.
    await waitForOpenSubscriptions(gateway.origin, 2);

    for (let i = 0; i < 3; i++) await run(app, PublishEvent, { input: { event: 'order.shipped', payload: { i } } });
    for (let i = 0; i < 2; i++) await run(app, PublishEvent, { input: { event: 'order.created', payload: { i } } });

    const attemptsOf = async (webhookId: string, eventType?: string) => {
      const endpointId = JSON.parse(Buffer.from(webhookId, 'base64url').toString().slice('Webhook:'.length))[1] as string;
      const deliveries = (await app.store.listDeliveries({ tenant: 'default', endpointId, first: 100, after: null })).filter((d) => d.status === 'SUCCEEDED');
      const events = new Map((await app.store.getEvents('default', deliveries.map((d) => d.eventId))).map((e) => [e.id, e.eventType]));
      const wanted = deliveries.filter((d) => eventType === undefined || events.get(d.eventId) === eventType);
      return (await app.store.getAttempts(wanted.map((d) => d.id))).map((a) => a.id).sort();
    };
    await waitFor(async () => (await attemptsOf(endpointA)).length === 10 && (await attemptsOf(endpointB)).length === 10);
    await waitFor(() => wsSeen.length >= 10 && sseSeen.length >= 4);
    await waitForSweeps(gateway.origin); // anything extra would have arrived by now

    expect(wsSeen.map((e) => e.attemptId).sort()).toEqual(await attemptsOf(endpointA));
    expect(wsSeen.every((e) => e.webhookId === endpointA)).toBe(true);
    expect(wsSeen.filter((e) => e.outcome === 'FAILED' && e.deliveryStatus === 'PENDING')).toHaveLength(5);
    expect(wsSeen.filter((e) => e.outcome === 'SUCCEEDED' && e.deliveryStatus === 'SUCCEEDED')).toHaveLength(5);

    expect(sseSeen.map((e) => e.attemptId).sort()).toEqual(await attemptsOf(endpointB, 'order.created'));
    expect(sseSeen.every((e) => e.webhookId === endpointB && e.eventType === 'order.created')).toBe(true);
  });
});

describe('resuming deliveryEvents', () => {
  it('a subscriber that passes its last cursor first receives what it missed, then live events, without repeats', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await startGateway(testConfig({ DATA_DIR: data.dir }));
    cleanups.push(() => gateway.stop());
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    const { app } = gateway;
    await run(app, CreateEventType, { input: { name: 'order.created' } });
    await run(app, CreateWebhook, { input: { provider: 'LOCAL', url: receiver.url(), events: ['*'] } });

    const subscribe = (after: string | null, seen: { cursor: string; eventId: string }[]) => {
      const ws = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
      cleanups.push(() => ws.dispose());
      const stop = ws.subscribe<{ deliveryEvents: { cursor: string; eventId: string } }>(
        { query: 'subscription ($after: String) { deliveryEvents(after: $after) { cursor eventId } }', variables: { after } },
        { next: (r) => void (r.data && seen.push(r.data.deliveryEvents)), error: (e) => console.error(e), complete: () => {} },
      );
      return () => {
        stop();
        void ws.dispose();
      };
    };

    const first: { cursor: string; eventId: string }[] = [];
    const stopFirst = subscribe(null, first);
    await waitForOpenSubscriptions(gateway.origin, 1);
    await run(app, PublishEvent, { input: { event: 'order.created', payload: { n: 1 } } });
    await waitFor(() => first.length === 1);
    stopFirst();

    // Missed while disconnected:
    const missed: string[] = [];
    for (let n = 2; n <= 4; n++) {
      const published = await run(app, PublishEvent, { input: { event: 'order.created', payload: { n } } });
      if (published.publishEvent.__typename === 'PublishEventSuccess') missed.push(published.publishEvent.event.id);
    }
    await waitFor(() => receiver.requests.length === 4);

    const resumed: { cursor: string; eventId: string }[] = [];
    subscribe(first[0]!.cursor, resumed);
    await waitFor(() => resumed.length === 3);
    expect(resumed.map((e) => e.eventId)).toEqual(missed);
    const live = await run(app, PublishEvent, { input: { event: 'order.created', payload: { n: 5 } } });
    await waitFor(() => resumed.length === 4);
    if (live.publishEvent.__typename !== 'PublishEventSuccess') throw new Error('publish failed');
    expect(resumed[3]?.eventId).toBe(live.publishEvent.event.id);
    await waitForSweeps(gateway.origin); // a sweep of the store adds nothing already seen
    expect(resumed).toHaveLength(4);
    expect(new Set(resumed.map((e) => e.cursor)).size).toBe(4);
  });
});
