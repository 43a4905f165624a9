/**
 * What `deliveryEvents` subscriptions cost the process: nothing once closed, and a sweep of the
 * store that reads only the attempts recorded since the last one, not the history.
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { PublishEvent } from './support/delivery-documents.ts';
import { CreateEventType, CreateWebhook } from './support/documents.ts';
import { run, tempDataDir, testConfig } from './support/gateway.ts';
import { readMetric, scrapeMetrics, waitForOpenSubscriptions, waitForSweeps } from './support/metrics.ts';
import { Receiver } from './support/receiver.ts';
import { POSTGRES_UNAVAILABLE, POSTGRES_URL, freshSchemaName, standInIfUnavailable } from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const NEVER_MATCHES = 'subscription { deliveryEvents(events: ["never.published"]) { attemptId } }';
const ignore = { next: () => {}, error: () => {}, complete: () => {} };

async function startWithTraffic(): Promise<{ gateway: RunningGateway; receiver: Receiver }> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_RATE_LIMIT_PER_MINUTE: '0' }));
  cleanups.push(() => gateway.stop());
  const receiver = await Receiver.start({ status: 200 });
  cleanups.push(() => receiver.close());
  await run(gateway.app, CreateEventType, { input: { name: 'order.created' } });
  await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url: receiver.url(), events: ['*'] } });
  return { gateway, receiver };
}

const openSubscriptions = (gateway: RunningGateway) => readMetric(gateway.origin, 'hookgate_subscriptions_open');
const storeReads = async (gateway: RunningGateway) =>
  (await readMetric(gateway.origin, 'hookgate_subscription_store_reads_total', { read: 'start' })) +
  (await readMetric(gateway.origin, 'hookgate_subscription_store_reads_total', { read: 'sweep' }));

/** Opens `count` never-matching subscriptions over each transport, waits until the gateway has them all, then closes them. */
async function openAndClose(gateway: RunningGateway, count: number): Promise<void> {
  const ws = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
  const sse = createSseClient({ url: `${gateway.origin}/graphql` });
  for (let i = 0; i < count; i++) {
    ws.subscribe({ query: NEVER_MATCHES }, ignore);
    sse.subscribe({ query: NEVER_MATCHES }, ignore);
  }
  await waitFor(async () => (await openSubscriptions(gateway)) === 2 * count, 60_000);
  await ws.dispose();
  sse.dispose();
  await waitFor(async () => (await openSubscriptions(gateway)) === 0, 60_000);
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('closed deliveryEvents subscriptions', () => {
  it('1,000 opened and closed over graphql-ws and graphql-sse leave no sweep, store query, CPU or memory behind', async () => {
    const { gateway, receiver } = await startWithTraffic();
    await openAndClose(gateway, 5); // loads every module both transports use before the baseline
    const baselineHeap = heapAfterGc();

    for (let batch = 0; batch < 5; batch++) {
      await openAndClose(gateway, 100);
      // Attempts recorded while they were open must not keep anything alive either.
      await run(gateway.app, PublishEvent, { input: { event: 'order.created', payload: { batch } } });
    }
    await waitFor(() => receiver.requests.length === 5);

    // No subscription is open: nothing may read the store on its behalf any more. Absence has no
    // event to wait for, so this watches three sweep periods.
    const reads = await storeReads(gateway);
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleCpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    expect(await storeReads(gateway)).toBe(reads);
    expect(await openSubscriptions(gateway)).toBe(0);
    // Measured: about 35 ms and 4 MB; a thousand closed subscriptions still sweeping took 400 ms and 28 MB.
    expect(idleCpuMs).toBeLessThan(150);
    expect(heapAfterGc() - baselineHeap).toBeLessThan(12 * 1024 * 1024);
  }, 180_000);
});

describe('the store sweep behind subscriptions', () => {
  it('reads the attempts recorded since the last sweep, once for all subscribers, never the history', async () => {
    const { gateway, receiver } = await startWithTraffic();
    const sweeps = () => readMetric(gateway.origin, 'hookgate_subscription_sweeps_total');
    const sweepState = async () => {
      const sample = await scrapeMetrics(gateway.origin);
      return {
        sweeps: sample('hookgate_subscription_sweeps_total'),
        swept: sample('hookgate_subscription_swept_attempts_total'),
        reads: sample('hookgate_subscription_store_reads_total', { read: 'sweep' }),
      };
    };
    const ws = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
    cleanups.push(() => ws.dispose());
    for (let i = 0; i < 20; i++) ws.subscribe({ query: NEVER_MATCHES }, ignore);
    await waitFor(async () => (await openSubscriptions(gateway)) === 20);

    const ATTEMPTS = 400;
    for (let i = 0; i < ATTEMPTS; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => run(gateway.app, PublishEvent, { input: { event: 'order.created', payload: { n: i + j } } })));
    }
    await waitFor(() => receiver.requests.length === ATTEMPTS, 60_000);
    const recorded = await gateway.app.store.lastAttemptSeq();
    await waitFor(async () => (await sweepState()).swept >= recorded, 30_000);

    // Once every attempt has settled (2 s), a sweep reads nothing: the history is behind its cursor.
    const settledFrom = await sweeps();
    await waitFor(async () => (await sweeps()) >= settledFrom + 4, 30_000);
    const before = await sweepState();
    await waitFor(async () => (await sweeps()) >= before.sweeps + 3, 30_000);
    const after = await sweepState();
    expect(after.swept).toBe(before.swept);
    // One query per sweep for all twenty subscriptions, not one each.
    expect(after.reads - before.reads).toBe(after.sweeps - before.sweeps);
    // Each attempt is read by the few sweeps of its settling time, not by every later sweep.
    expect(before.swept).toBeLessThanOrEqual(ATTEMPTS * 5);
  }, 180_000);
});

describe('the store sweep on PostgreSQL', () => {
  if (standInIfUnavailable(POSTGRES_UNAVAILABLE)) return;

  it('hands on an attempt whose insert commits seconds after a higher-numbered one', async () => {
    const schema = freshSchemaName();
    cleanups.push(() => PostgresStore.dropSchema(POSTGRES_URL, schema));
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await startGateway(
      testConfig({ DATA_DIR: data.dir, DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, HOOKGATE_SECRET_KEY: randomBytes(32).toString('base64') }),
    );
    cleanups.push(() => gateway.stop());
    const receiver = await Receiver.start({ status: 200 });
    cleanups.push(() => receiver.close());
    await run(gateway.app, CreateEventType, { input: { name: 'order.created' } });
    await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url: receiver.url(), events: ['*'] } });
    await run(gateway.app, PublishEvent, { input: { event: 'order.created', payload: {} } });
    await waitFor(async () => (await gateway.app.store.lastAttemptSeq()) > 0);

    const seen: string[] = [];
    const ws = createWsClient({ url: `${gateway.origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
    cleanups.push(() => ws.dispose());
    ws.subscribe<{ deliveryEvents: { attemptId: string } }>(
      { query: 'subscription { deliveryEvents { attemptId } }' },
      { next: (r) => void (r.data && seen.push(r.data.deliveryEvents.attemptId)), error: () => {}, complete: () => {} },
    );
    await waitForOpenSubscriptions(gateway.origin, 1);

    // Another instance records two attempts; the first one's transaction commits late. Neither
    // is published to pub/sub (that instance died before it could): only the sweep can find them.
    const [delivery] = await gateway.app.store.listDeliveries({ tenant: 'default', first: 1, after: null });
    const insert = (client: pg.Client, id: string) =>
      client.query(
        `INSERT INTO "${schema}".delivery_attempts (id, tenant, delivery_id, attempt_number, outcome, duration_ms, started_at, delivery_status, recorded_at)
         VALUES ($1, 'default', $2, 2, 'SUCCEEDED', 1, now(), 'SUCCEEDED', now())`,
        [id, delivery!.id],
      );
    const late = new pg.Client({ connectionString: POSTGRES_URL });
    const prompt = new pg.Client({ connectionString: POSTGRES_URL });
    await Promise.all([late.connect(), prompt.connect()]);
    cleanups.push(() => late.end(), () => prompt.end());
    await late.query('BEGIN');
    await insert(late, 'att_late');
    await insert(prompt, 'att_prompt');
    await waitFor(() => seen.includes('att_prompt'));
    await waitForSweeps(gateway.origin, 4); // longer than any "settled after 2 s" rule would wait
    await late.query('COMMIT');
    await waitFor(() => seen.includes('att_late'));
    expect(seen.filter((id) => id.startsWith('att_late') || id.startsWith('att_prompt'))).toEqual(['att_prompt', 'att_late']);
  });
});
