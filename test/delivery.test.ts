import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.ts';
import { CreateEventType, CreateWebhook, DeleteWebhook, RotateSecret, UpdateWebhook } from './support/documents.ts';
import { ListDeliveries, PublishEvent, RecoverDeliveries, Redeliver, WebhookWithDeliveries } from './support/delivery-documents.ts';
import { createTestGateway, run, type TestGateway } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const orderSchema = {
  type: 'object',
  required: ['orderId', 'total'],
  properties: { orderId: { type: 'string' }, total: { type: 'number', minimum: 0 } },
};

async function setup(env: Record<string, string> = {}) {
  const gateway = await createTestGateway({ HOOKGATE_RETRY_SCHEDULE: '0,20ms,40ms,60ms', HOOKGATE_RETRY_JITTER: '0', ...env });
  cleanups.push(() => gateway.close());
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  await run(gateway.app, CreateEventType, { input: { name: 'order.created', schema: orderSchema, example: { orderId: 'o1', total: 1 } } });
  await run(gateway.app, CreateEventType, { input: { name: 'order.shipped' } });
  return { gateway, receiver };
}

async function createEndpoint(gateway: TestGateway, url: string, events = ['*']) {
  const data = await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url, events } });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return { id: data.createWebhook.webhook.id, secret: data.createWebhook.secret as string };
}

async function publish(gateway: TestGateway, event: string, payload: unknown, idempotencyKey?: string) {
  const data = await run(gateway.app, PublishEvent, { input: { event, payload, idempotencyKey } });
  if (data.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(JSON.stringify(data.publishEvent));
  return data.publishEvent;
}

async function deliveriesOf(gateway: TestGateway, webhookId: string) {
  return (await run(gateway.app, ListDeliveries, { webhookId, first: 100 })).deliveries.edges.map((e) => e.node);
}

describe('publishEvent', () => {
  it('stores the event and queues one delivery per subscribed active endpoint, sending nothing itself', async () => {
    const { gateway, receiver } = await setup();
    const all = await createEndpoint(gateway, receiver.url('/all'));
    const shippedOnly = await createEndpoint(gateway, receiver.url('/shipped'), ['order.shipped']);
    const off = await createEndpoint(gateway, receiver.url('/off'));
    await run(gateway.app, UpdateWebhook, { id: off.id, input: { active: false } });
    await gateway.app.worker.stop();

    const published = await publish(gateway, 'order.created', { orderId: 'o-1', total: 12.5 });
    expect(published.event).toMatchObject({ eventType: 'order.created', payload: { orderId: 'o-1', total: 12.5 } });
    expect(published.event.id).toMatch(/^msg_/);
    expect(published.deliveries).toEqual([{ id: expect.stringMatching(/^dlv_/), status: 'PENDING', attemptCount: 0, webhookId: all.id }]);
    expect(receiver.requests).toHaveLength(0);
    expect(await deliveriesOf(gateway, shippedOnly.id)).toEqual([]);

    gateway.app.worker.start();
    await waitFor(async () => (await deliveriesOf(gateway, all.id))[0]?.status === 'SUCCEEDED');
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['webhook-id']).toBe(published.event.id);
  });

  it('delivers signed messages that the standardwebhooks package verifies, during a rotation too', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { secret: endpoint.secret };
    await publish(gateway, 'order.shipped', { id: 1 });
    await waitFor(() => receiver.requests.length === 1);
    expect(receiver.requests[0]?.verified).toBe(true);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'order.shipped', data: { id: 1 } });

    const rotated = await run(gateway.app, RotateSecret, { id: endpoint.id });
    if (rotated.rotateWebhookSecret.__typename !== 'RotateWebhookSecretSuccess') throw new Error('rotation failed');
    await publish(gateway, 'order.shipped', { id: 2 });
    await waitFor(() => receiver.requests.length === 2);
    expect(receiver.requests[1]?.verified).toBe(true); // still verifies with the old secret
    receiver.options = { secret: rotated.rotateWebhookSecret.secret };
    await publish(gateway, 'order.shipped', { id: 3 });
    await waitFor(() => receiver.requests.length === 3);
    expect(receiver.requests[2]?.verified).toBe(true); // and with the new one
  });

  it('is idempotent on idempotencyKey: the same key returns the first event and queues nothing new', async () => {
    const { gateway, receiver } = await setup();
    await createEndpoint(gateway, receiver.url());
    const first = await publish(gateway, 'order.shipped', { n: 1 }, 'key-1');
    const second = await publish(gateway, 'order.shipped', { n: 2 }, 'key-1');
    expect(second.duplicate).toBe(true);
    expect(second.event.id).toBe(first.event.id);
    expect(second.event.payload).toEqual({ n: 1 });
    expect(second.deliveries.map((d) => d.id)).toEqual(first.deliveries.map((d) => d.id));
    const other = await publish(gateway, 'order.shipped', { n: 3 }, 'key-2');
    expect(other.duplicate).toBe(false);
    await waitFor(() => receiver.requests.length === 2);
    await waitFor(async () => (await gateway.app.store.queueStats()).pending === 0); // nothing more can be sent
    expect(receiver.uniqueMessageIds()).toEqual(new Set([first.event.id, other.event.id]));
    expect(receiver.requests).toHaveLength(2);
  });

  it('accepts a reused key again once the idempotency window is over', async () => {
    const { gateway, receiver } = await setup({ HOOKGATE_IDEMPOTENCY_WINDOW_MS: '0' });
    await createEndpoint(gateway, receiver.url());
    const first = await publish(gateway, 'order.shipped', { n: 1 }, 'k');
    await waitFor(() => Date.now() > Date.parse(first.event.createdAt)); // the 0 ms window is over
    const second = await publish(gateway, 'order.shipped', { n: 2 }, 'k');
    expect(second.event.id).not.toBe(first.event.id);
    expect(second.duplicate).toBe(false);
  });

  it.each([
    { input: { event: 'nope', payload: {} }, path: ['input', 'event'] },
    { input: { event: 'order.created', payload: { orderId: 5, total: 1 } }, path: ['input', 'payload', 'orderId'] },
    { input: { event: 'order.created', payload: { orderId: 'x' } }, path: ['input', 'payload'] },
    { input: { event: 'order.shipped', payload: { blob: 'x'.repeat(300 * 1024) } }, path: ['input', 'payload'] },
    { input: { event: 'order.shipped', payload: {}, idempotencyKey: '' }, path: ['input', 'idempotencyKey'] },
  ])('refuses bad input at $path and queues nothing', async ({ input, path }) => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    const data = await run(gateway.app, PublishEvent, { input });
    const result = data.publishEvent;
    if (result.__typename !== 'ValidationError') throw new Error(JSON.stringify(result));
    expect(result.fieldErrors.map((e) => e.path)).toContainEqual(path);
    expect(await deliveriesOf(gateway, endpoint.id)).toEqual([]);
  });
});

describe('retries', () => {
  it('follows the schedule while the receiver is down and delivers every event once it is up', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    let up = false;
    receiver.options = { respond: () => ({ status: up ? 200 : 503 }) };
    const events = [];
    for (let i = 0; i < 5; i++) events.push((await publish(gateway, 'order.shipped', { i })).event.id);
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.attemptCount >= 2));
    up = true;
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.status === 'SUCCEEDED'));

    expect(receiver.uniqueMessageIds()).toEqual(new Set(events));
    const deliveries = await deliveriesOf(gateway, endpoint.id);
    for (const delivery of deliveries) {
      expect(delivery.attempts.at(-1)).toMatchObject({ outcome: 'SUCCEEDED', statusCode: 200 });
      expect(delivery.attempts.slice(0, -1).every((a) => a.outcome === 'FAILED' && a.statusCode === 503)).toBe(true);
      const [first, second] = delivery.attempts;
      // The second attempt waited for the schedule's 20 ms.
      expect(new Date(second!.startedAt).getTime() - new Date(first!.startedAt).getTime()).toBeGreaterThanOrEqual(15);
      expect(delivery.deliveredAt).not.toBeNull();
    }
  });

  it('marks a delivery FAILED after the last attempt; redeliver and recover start new series', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { status: 500 };
    const since = new Date(Date.now() - 1000).toISOString();
    await publish(gateway, 'order.shipped', { n: 1 });
    await publish(gateway, 'order.shipped', { n: 2 });
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.status === 'FAILED'));
    const failed = await deliveriesOf(gateway, endpoint.id);
    expect(failed.map((d) => d.attemptCount)).toEqual([4, 4]);
    expect(failed[0]).toMatchObject({ lastStatusCode: 500, lastError: 'The receiver answered HTTP 500', nextAttemptAt: null });

    receiver.options = { status: 200 };
    const redelivered = await run(gateway.app, Redeliver, { deliveryId: failed[0]!.id });
    expect(redelivered.redeliver).toMatchObject({ __typename: 'RedeliverSuccess', delivery: { status: 'PENDING' } });
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).some((d) => d.status === 'SUCCEEDED'));

    const recovered = await run(gateway.app, RecoverDeliveries, { id: endpoint.id, since });
    expect(recovered.recoverWebhookDeliveries).toEqual({ __typename: 'RecoverWebhookDeliveriesSuccess', recovered: 1 });
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.status === 'SUCCEEDED'));
    expect((await deliveriesOf(gateway, endpoint.id)).map((d) => d.attemptCount)).toEqual([5, 5]);

    const missing = await run(gateway.app, Redeliver, { deliveryId: 'dlv_nope' });
    expect(missing.redeliver).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('disables the endpoint on 410 Gone and queues nothing for it afterwards', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { status: 410 };
    await publish(gateway, 'order.shipped', {});
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id))[0]?.status === 'FAILED');
    const webhook = (await run(gateway.app, WebhookWithDeliveries, { id: endpoint.id })).webhook;
    expect(webhook).toMatchObject({ active: false, disabledReason: 'The endpoint answered 410 Gone' });
    expect(webhook?.deliveries.nodes).toEqual([{ id: expect.any(String), status: 'FAILED', attemptCount: 1 }]);
    expect((await publish(gateway, 'order.shipped', {})).deliveries).toEqual([]);

    await run(gateway.app, UpdateWebhook, { id: endpoint.id, input: { active: true } });
    const resumed = (await run(gateway.app, WebhookWithDeliveries, { id: endpoint.id })).webhook;
    expect(resumed).toMatchObject({ active: true, disabledReason: null });
  });

  it('disables an endpoint that keeps failing without a success for too long', async () => {
    const { gateway, receiver } = await setup({ HOOKGATE_DISABLE_AFTER_FAILING_MS: '100', HOOKGATE_RETRY_SCHEDULE: '0,60ms,60ms,60ms,60ms' });
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { status: 500 };
    await publish(gateway, 'order.shipped', {});
    await waitFor(async () => (await run(gateway.app, WebhookWithDeliveries, { id: endpoint.id })).webhook?.active === false);
    const webhook = (await run(gateway.app, WebhookWithDeliveries, { id: endpoint.id })).webhook;
    expect(webhook?.disabledReason).toMatch(/^No successful delivery since /);
    expect(webhook?.deliveries.nodes[0]?.status).toBe('FAILED');
  });

  it('honours Retry-After on 429 within bounds', async () => {
    const { gateway, receiver } = await setup({ HOOKGATE_RETRY_AFTER_MAX_MS: '5000' });
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { respond: (_r, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }) };
    await publish(gateway, 'order.shipped', {});
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id))[0]?.status === 'SUCCEEDED', 30_000);
    const [delivery] = await deliveriesOf(gateway, endpoint.id);
    const [first, second] = delivery!.attempts;
    expect(new Date(second!.startedAt).getTime() - new Date(first!.startedAt).getTime()).toBeGreaterThanOrEqual(950);
  });

  it('drops an attempt whose webhook was deleted while it was in flight, logs no failure and carries on', async () => {
    const logged: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void logged.push(line) } });
    const gateway = await createTestGateway({}, { logger });
    cleanups.push(() => gateway.close());
    const slow = await Receiver.start({ delayMs: 300 });
    cleanups.push(() => slow.close());
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());
    await run(gateway.app, CreateEventType, { input: { name: 'order.shipped' } });

    const doomed = await createEndpoint(gateway, slow.url());
    await publish(gateway, 'order.shipped', { id: 1 });
    await waitFor(() => slow.requests.length === 1); // sent; the answer comes 300 ms later
    const deleted = await run(gateway.app, DeleteWebhook, { id: doomed.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: doomed.id });
    await waitFor(() => slow.inFlight === 0); // the doomed attempt got its answer

    const kept = await createEndpoint(gateway, receiver.url());
    await publish(gateway, 'order.shipped', { id: 2 });
    await waitFor(async () => (await deliveriesOf(gateway, kept.id))[0]?.status === 'SUCCEEDED');
    expect(slow.requests).toHaveLength(1);
    expect(logged).toEqual([]);
  });

  it('keeps at most the per-endpoint concurrency in flight to one endpoint', async () => {
    const { gateway, receiver } = await setup({ HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: '2' });
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { delayMs: 30 };
    for (let i = 0; i < 12; i++) await publish(gateway, 'order.shipped', { i });
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.status === 'SUCCEEDED'));
    expect(receiver.maxInFlight).toBe(2);
  });
});

describe('redeliver', () => {
  it('refuses a delivery whose attempt is in flight, and starts one new series of a SUCCEEDED one, never two sends at once', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    let release = () => {};
    const hold = () => (receiver.options = { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const redeliverManyTimes = async (deliveryId: string) =>
      (await Promise.all(Array.from({ length: 12 }, () => run(gateway.app, Redeliver, { deliveryId })))).map((r) => r.redeliver);

    hold();
    const [delivery] = (await publish(gateway, 'order.shipped', { n: 1 })).deliveries;
    await waitFor(() => receiver.inFlight === 1); // the receiver holds the first attempt
    const whileInFlight = await redeliverManyTimes(delivery!.id);
    expect(whileInFlight).toEqual(
      Array.from({ length: 12 }, () => ({ __typename: 'DeliveryInFlightError', code: 'DELIVERY_IN_FLIGHT', deliveryId: delivery!.id, message: expect.any(String) })),
    );
    release();
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id))[0]?.status === 'SUCCEEDED');

    hold();
    const again = await redeliverManyTimes(delivery!.id);
    expect(again.filter((r) => r.__typename === 'RedeliverSuccess')).toHaveLength(1);
    expect(again.filter((r) => r.__typename === 'DeliveryInFlightError')).toHaveLength(11);
    await waitFor(() => receiver.inFlight === 1);
    expect(await redeliverManyTimes(delivery!.id)).toSatisfy((results: { __typename: string }[]) =>
      results.every((r) => r.__typename === 'DeliveryInFlightError'),
    );
    release();
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id))[0]?.status === 'SUCCEEDED');

    expect(receiver.requests).toHaveLength(2);
    expect(receiver.maxInFlight).toBe(1);
    expect(receiver.overlaps).toBe(0);
    const [final] = await deliveriesOf(gateway, endpoint.id);
    expect(final?.attempts.map((a) => [a.attemptNumber, a.outcome])).toEqual([
      [1, 'SUCCEEDED'],
      [2, 'SUCCEEDED'],
    ]);
  });
});

describe('dispatch', () => {
  async function dispatches(gateway: TestGateway) {
    const metrics = await (await gateway.app.yoga.fetch('http://hookgate.test/metrics')).text();
    const count = (via: string) => Number(new RegExp(`hookgate_delivery_dispatches_total\\{via="${via}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    return { publish: count('publish'), claim: count('claim') };
  }

  it('sends what a publish creates without claiming it while the worker has room, and claims the rest', async () => {
    const { gateway, receiver } = await setup({ HOOKGATE_DELIVERY_CONCURRENCY: '3', HOOKGATE_DELIVERY_POLL_MS: '60000' });
    const a = await createEndpoint(gateway, receiver.url('/a'));
    const b = await createEndpoint(gateway, receiver.url('/b'));

    await publish(gateway, 'order.shipped', { first: true });
    await waitFor(() => receiver.requests.length === 2);
    expect(await dispatches(gateway)).toEqual({ publish: 2, claim: 0 });

    // Ten events to two endpoints with room for three deliveries at a time: some go straight to
    // the worker, the rest wait in the store and are claimed as room frees up.
    receiver.options = { delayMs: 30 };
    await Promise.all(Array.from({ length: 10 }, (_, i) => publish(gateway, 'order.shipped', { i })));
    await waitFor(async () => [...(await deliveriesOf(gateway, a.id)), ...(await deliveriesOf(gateway, b.id))].every((d) => d.status === 'SUCCEEDED'));
    const { publish: viaPublish, claim: viaClaim } = await dispatches(gateway);
    expect(viaPublish + viaClaim).toBe(22);
    expect(viaPublish).toBeGreaterThan(2);
    expect(viaClaim).toBeGreaterThan(0);
    // Within the global three, each endpoint has at most its fair share: a third with two busy.
    expect(receiver.maxInFlight).toBe(2);
    // Each delivery was sent once: a leased one is never claimed too.
    expect(receiver.requests).toHaveLength(22);
    expect(receiver.overlaps).toBe(0);
  });

  it('leaves a publish to the claim when the worker is stopped, and delivers it once the worker starts', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    await gateway.app.worker.stop();
    await publish(gateway, 'order.shipped', {});
    gateway.app.worker.start();
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id))[0]?.status === 'SUCCEEDED');
    expect(await dispatches(gateway)).toEqual({ publish: 0, claim: 1 });
  });
});

describe('delivery records', () => {
  it('pages deliveries newest first, filters by status and exposes metrics', async () => {
    const { gateway, receiver } = await setup();
    const endpoint = await createEndpoint(gateway, receiver.url());
    receiver.options = { respond: (request) => ({ status: JSON.parse(request.body).data.ok ? 200 : 500 }) };
    for (let i = 0; i < 3; i++) await publish(gateway, 'order.shipped', { ok: true, i });
    await publish(gateway, 'order.shipped', { ok: false });
    await waitFor(async () => (await deliveriesOf(gateway, endpoint.id)).every((d) => d.status !== 'PENDING'));

    const page1 = await run(gateway.app, ListDeliveries, { first: 2 });
    const page2 = await run(gateway.app, ListDeliveries, { first: 2, after: page1.deliveries.pageInfo.endCursor });
    expect(page1.deliveries.pageInfo.hasNextPage).toBe(true);
    expect(page2.deliveries.pageInfo.hasNextPage).toBe(false);
    expect([...page1.deliveries.edges, ...page2.deliveries.edges]).toHaveLength(4);
    expect(page1.deliveries.edges[0]?.node.webhook?.url).toBe(receiver.url());

    const failed = await run(gateway.app, ListDeliveries, { status: 'FAILED' });
    expect(failed.deliveries.edges).toHaveLength(1);
    expect(failed.deliveries.edges[0]?.node.attempts).toHaveLength(4);

    const response = await gateway.app.yoga.fetch('http://hookgate.test/metrics');
    const metrics = await response.text();
    expect(metrics).toContain('hookgate_delivery_attempts_total{outcome="SUCCEEDED"} 3');
    expect(metrics).toContain('hookgate_delivery_attempts_total{outcome="FAILED"} 4');
    expect(metrics).toContain('hookgate_deliveries_total{status="FAILED"} 1');
    expect(metrics).toContain('hookgate_delivery_queue_depth 0');
    expect(metrics).toMatch(/hookgate_delivery_latency_seconds_count 3/);
    expect(metrics).toContain('hookgate_delivery_oldest_pending_age_seconds 0');
  });
});
