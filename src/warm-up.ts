/**
 * Start-up warm-up: before the gateway says it is ready, a throwaway gateway in the same process,
 * on an embedded store in a temporary folder and a loopback port, publishes and delivers a few
 * thousand events to a receiver of its own, through the same HTTP server, GraphQL stack,
 * authentication, store code, delivery worker and outbound client as real traffic takes.
 *
 * Why: V8 compiles hot functions with its optimising compilers only after they have run many
 * times. Left to real traffic, that happens a few seconds in, dozens of functions at once on
 * background threads, which on a small machine starves the event loop for hundreds of
 * milliseconds while requests queue. Done here, it happens before /readyz answers 200; the code
 * is shared, so the gateway that then serves starts with it compiled.
 *
 * Nothing of it reaches the real store, the real log or the real pub/sub: the throwaway gateway
 * has its own store, logs nothing, and is stopped and its folder removed before this returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { type Config, loadConfig } from './config.ts';
import type { RunningGateway } from './server.ts';

const IN_FLIGHT = 16;
/** Events per `publishEvents` request; one request in WARM_BATCH_EVERY uses it instead of `publishEvent`. */
const WARM_BATCH = 20;
const WARM_BATCH_EVERY = 10;
/** One request in this many is a listing query, so that the query path is compiled too. */
const QUERY_EVERY = 25;
const EVENT_TYPE = 'warmup.event';
const DELIVERED_TIMEOUT_MS = 30_000;

const PUBLISH_ONE = `mutation ($input: PublishEventInput!) {
  publishEvent(input: $input) { __typename ... on PublishEventSuccess { event { id } deliveries { id status } } ... on Error { code message } }
}`;
const PUBLISH_MANY = `mutation ($inputs: [PublishEventInput!]!) {
  publishEvents(inputs: $inputs) { __typename ... on PublishEventsSuccess { results { __typename } } ... on Error { code message } }
}`;
const LIST = `query { deliveries(first: 10) { edges { node { id status attemptCount webhook { id url } } } } }`;

export interface WarmUpResult {
  events: number;
  delivered: number;
  ms: number;
  /** Milliseconds the collection of the warm-up's garbage took; null without `--expose-gc`. */
  gcMs: number | null;
}

/** A payload of a typical size and shape (objects, arrays, numbers, strings). */
function payload(i: number) {
  return {
    id: `wu_${i}`,
    total: 1000 + (i % 100),
    currency: 'EUR',
    customer: { id: `cus_${i % 97}`, email: `buyer${i % 97}@example.com` },
    items: [
      { sku: 'SKU-A', quantity: 1, price: 999 },
      { sku: 'SKU-B', quantity: 2, price: 117 },
    ],
  };
}

/** A loopback receiver that answers every delivery 204 and counts them. */
async function startReceiver(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received: () => received };
}

/**
 * Runs `events` events through a throwaway gateway started with `start` (startGateway, passed
 * in so that this module need not import the server that calls it).
 */
export async function warmUp(events: number, start: (config: Config) => Promise<RunningGateway>): Promise<WarmUpResult> {
  const startedAt = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hookgate-warmup-'));
  const receiver = await startReceiver();
  let gateway: RunningGateway | undefined;
  let client: Pool | undefined;
  let stopped = false;
  try {
    gateway = await start(
      loadConfig({
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        HOOKGATE_AUTH: 'on',
        HOOKGATE_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
        HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
        HOOKGATE_STORE_STARTUP_WAIT_MS: '0',
        HOOKGATE_WARMUP_EVENTS: '0',
        LOG_LEVEL: 'silent',
      }),
    );
    const key = gateway.app.bootstrapKey?.token;
    if (!key) throw new Error('the warm-up gateway created no API key');
    client = new Pool(gateway.origin, { connections: IN_FLIGHT });
    const graphql = async (query: string, variables: Record<string, unknown>): Promise<Record<string, { __typename?: string }>> => {
      const response = await client!.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as { data?: Record<string, { __typename?: string }>; errors?: unknown };
      if (!body.data) throw new Error(`warm-up request failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    await graphql(`mutation ($name: String!) { createWebhookEventType(input: { name: $name }) { __typename } }`, { name: EVENT_TYPE });
    await graphql(`mutation ($url: String!, $events: [String!]!) { createWebhook(input: { provider: LOCAL, url: $url, events: $events }) { __typename } }`, {
      url: receiver.url,
      events: [EVENT_TYPE],
    });

    let next = 0;
    let requests = 0;
    const lane = async () => {
      while (next < events) {
        const first = next;
        const request = requests++;
        if (request % QUERY_EVERY === QUERY_EVERY - 1) {
          await graphql(LIST, {});
        } else if (request % WARM_BATCH_EVERY === WARM_BATCH_EVERY - 1) {
          next += Math.min(WARM_BATCH, events - first);
          const inputs = Array.from({ length: next - first }, (_, i) => ({ event: EVENT_TYPE, payload: payload(first + i) }));
          await graphql(PUBLISH_MANY, { inputs });
        } else {
          next += 1;
          await graphql(PUBLISH_ONE, { input: { event: EVENT_TYPE, payload: payload(first) } });
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const deadline = Date.now() + DELIVERED_TIMEOUT_MS;
    while (receiver.received() < events && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const delivered = receiver.received();
    await stop();
    return { events, delivered, ms: performance.now() - startedAt, gcMs: collectGarbage() };
  } finally {
    await stop();
  }

  /** Stops and removes everything of the throwaway gateway; called again, does nothing. */
  async function stop() {
    if (stopped) return;
    stopped = true;
    await client?.close();
    await gateway?.stop();
    await new Promise<void>((resolve) => {
      receiver.server.close(() => resolve());
      receiver.server.closeAllConnections();
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A full collection, when Node runs with `--expose-gc` (as `npm start` does); its duration in
 * milliseconds, else null. The throwaway gateway leaves tens of megabytes of garbage in the old
 * generation: left there, the first mark-compact falls in the first seconds of real traffic,
 * and the old generation's next limit is sized from a heap twice as large as what lives.
 */
function collectGarbage(): number | null {
  if (typeof globalThis.gc !== 'function') return null;
  const startedAt = performance.now();
  globalThis.gc({ type: 'major', execution: 'sync' });
  return performance.now() - startedAt;
}
