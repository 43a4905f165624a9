/**
 * publishEvents end to end: a real gateway over HTTP, a real receiver that verifies every
 * Standard Webhooks signature with the endpoint's secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../src/server.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const PUBLISH_EVENTS = `
  mutation PublishEventsOverHttp($inputs: [PublishEventInput!]!) {
    publishEvents(inputs: $inputs) {
      __typename
      ... on PublishEventsSuccess {
        results {
          __typename
          ... on PublishEventSuccess { duplicate event { id eventType payload idempotencyKey } deliveries { id status } }
          ... on ValidationError { code fieldErrors { path message } }
        }
      }
      ... on ValidationError { code fieldErrors { path message } }
    }
  }`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayWithEndpoint(env: Record<string, string> = {}) {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, ...env }));
  cleanups.push(() => gateway.stop());
  const graphql = (query: string, variables?: Record<string, unknown>) => postGraphql(gateway.origin, query, variables);
  await graphql(
    `mutation CreateValidatedOrderType { createWebhookEventType(input: {
       name: "order.created",
       schema: { type: "object", required: ["orderId"], properties: { orderId: { type: "string" } } }
     }) { __typename } }`,
  );
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  const created = await graphql(
    'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { ... on CreateWebhookSuccess { secret } } }',
    { url: receiver.url() },
  );
  receiver.options = { secret: created.createWebhook.secret };
  return { graphql, receiver };
}

describe('publishEvents', () => {
  it('publishes every valid event of the batch, refuses the bad ones in input order, and delivers signed messages', async () => {
    const { graphql, receiver } = await gatewayWithEndpoint();
    const earlier = await graphql(
      'mutation { publishEvent(input: { event: "order.created", payload: { orderId: "o-0" }, idempotencyKey: "k-0" }) { ... on PublishEventSuccess { event { id } } } }',
    );

    const inputs = [
      { event: 'order.created', payload: { orderId: 'o-1' }, idempotencyKey: 'k-1' },
      { event: 'order.nobody', payload: { orderId: 'o-2' } },
      { event: 'order.created', payload: { orderId: 7 } },
      { event: 'order.created', payload: { orderId: 'o-3' } },
      { event: 'order.created', payload: { orderId: 'o-4' }, idempotencyKey: 'k-0' },
      { event: 'order.created', payload: { orderId: 'o-5' }, idempotencyKey: 'k-1' },
      { event: 'order.created', payload: { orderId: 'o-6' }, idempotencyKey: '' },
    ];
    const { publishEvents } = await graphql(PUBLISH_EVENTS, { inputs });

    expect(publishEvents.__typename).toBe('PublishEventsSuccess');
    const results = publishEvents.results;
    expect(results.map((r: { __typename: string }) => r.__typename)).toEqual([
      'PublishEventSuccess',
      'ValidationError',
      'ValidationError',
      'PublishEventSuccess',
      'PublishEventSuccess',
      'PublishEventSuccess',
      'ValidationError',
    ]);
    expect(results[1].fieldErrors).toEqual([{ path: ['inputs', '1', 'event'], message: expect.stringContaining('order.nobody') }]);
    expect(results[2].fieldErrors).toEqual([{ path: ['inputs', '2', 'payload', 'orderId'], message: expect.any(String) }]);
    expect(results[6].fieldErrors).toEqual([{ path: ['inputs', '6', 'idempotencyKey'], message: 'must be 1 to 256 characters' }]);
    expect(results[0]).toMatchObject({ duplicate: false, event: { eventType: 'order.created', payload: { orderId: 'o-1' } } });
    expect(results[3]).toMatchObject({ duplicate: false, event: { payload: { orderId: 'o-3' }, idempotencyKey: null } });
    // Idempotent as publishEvent: against an earlier request, and against an earlier input of the same batch.
    expect(results[4]).toMatchObject({ duplicate: true, event: { id: earlier.publishEvent.event.id } });
    expect(results[5]).toMatchObject({ duplicate: true, event: { id: results[0].event.id } });
    expect(results[5].deliveries).toEqual(results[0].deliveries);

    // Three messages sent: the earlier publishEvent and the batch's two new events; none is sent twice.
    await waitFor(() => receiver.requests.length >= 3);
    const newIds = [earlier.publishEvent.event.id, results[0].event.id, results[3].event.id];
    await waitFor(async () => {
      const { deliveries } = await graphql('{ deliveries(first: 100) { nodes { status } } }');
      return deliveries.nodes.length === 3 && deliveries.nodes.every((d: { status: string }) => d.status === 'SUCCEEDED');
    });
    expect(receiver.requests.map((r) => r.headers['webhook-id']).toSorted()).toEqual(newIds.toSorted());
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    const sent = receiver.requests.find((r) => r.headers['webhook-id'] === results[3].event.id);
    expect(JSON.parse(sent!.body)).toMatchObject({ type: 'order.created', data: { orderId: 'o-3' } });
  });

  it('refuses a batch over HOOKGATE_PUBLISH_BATCH_MAX with a ValidationError on inputs, writing nothing', async () => {
    const { graphql, receiver } = await gatewayWithEndpoint({ HOOKGATE_PUBLISH_BATCH_MAX: '3' });
    const inputs = Array.from({ length: 4 }, (_, i) => ({ event: 'order.created', payload: { orderId: `o-${i}` } }));

    const { publishEvents } = await graphql(PUBLISH_EVENTS, { inputs });

    expect(publishEvents).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: ['inputs'], message: 'has 4 events; the limit is 3 per request' }],
    });
    const { deliveries } = await graphql('{ deliveries(first: 100) { nodes { id } } }');
    expect(deliveries.nodes).toEqual([]);
    // At the limit, the batch goes through.
    const accepted = await graphql(PUBLISH_EVENTS, { inputs: inputs.slice(0, 3) });
    expect(accepted.publishEvents.results.map((r: { __typename: string }) => r.__typename)).toEqual(Array(3).fill('PublishEventSuccess'));
    await waitFor(() => receiver.requests.length === 3);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
  });
});
