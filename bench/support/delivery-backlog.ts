/**
 * Sets up what the benchmark delivers: an event type and endpoints (through GraphQL, as a user
 * would), and a backlog of published events written with the gateway's own store while the
 * gateway is stopped, so that the next gateway starts with every delivery PENDING and due.
 */
import path from 'node:path';
import type { EventRecord } from '../../src/store/store.ts';
import type { GatewayProcess } from './delivery-gateway.ts';

type SqliteStoreModule = typeof import('../../src/store/sqlite/sqlite-store.ts');
type SortableIdModule = typeof import('../../src/util/sortable-id.ts');

/** The tenant of the bootstrap admin key, so the one the benchmark's endpoints belong to. */
const TENANT = 'default';

export const BENCH_EVENT_TYPE = 'bench.order_created';
const PRELOAD_SLICE = 500;

/** The publish mutations the benchmarks send: one event, or a batch (`publishEvents`). */
export const PUBLISH_ONE = `mutation ($input: PublishEventInput!) {
  publishEvent(input: $input) { __typename ... on Error { code message } }
}`;
export const PUBLISH_MANY = `mutation ($inputs: [PublishEventInput!]!) {
  publishEvents(inputs: $inputs) { __typename ... on PublishEventsSuccess { results { __typename } } ... on Error { code message } }
}`;

/** A payload of realistic size (about 300 bytes of JSON). */
export function benchPayload(i: number): Record<string, unknown> {
  return {
    orderId: `ord_${i.toString().padStart(10, '0')}`,
    total: 1234 + (i % 100),
    currency: 'EUR',
    customer: { id: `cus_${(i % 977).toString().padStart(6, '0')}`, email: `buyer${i % 977}@example.com` },
    items: [
      { sku: 'SKU-RED-M', quantity: 1, price: 999 },
      { sku: 'SKU-BLUE-L', quantity: 2, price: 117 },
    ],
    shipping: { method: 'standard', country: 'DE' },
  };
}

export interface BenchEndpoint {
  id: string;
  path: string;
  secret: string;
}

/** Creates the event type and `count` endpoints at `/e0`, `/e1`, … of the receiver. */
export async function createEndpoints(gateway: GatewayProcess, urlOf: (path: string) => string, count: number): Promise<BenchEndpoint[]> {
  await gateway.graphql(`mutation ($name: String!) { createWebhookEventType(input: { name: $name }) { __typename } }`, {
    name: BENCH_EVENT_TYPE,
  });
  const endpoints: BenchEndpoint[] = [];
  for (let i = 0; i < count; i++) {
    const path = `/e${i}`;
    const data = await gateway.graphql<{ createWebhook: { __typename: string; secret?: string; webhook?: { id: string } } }>(
      `mutation ($url: String!, $events: [String!]!) {
        createWebhook(input: { provider: LOCAL, url: $url, events: $events }) {
          __typename
          ... on CreateWebhookSuccess { secret webhook { id } }
        }
      }`,
      { url: urlOf(path), events: [BENCH_EVENT_TYPE] },
    );
    const { secret, webhook } = data.createWebhook;
    if (!secret || !webhook) throw new Error(`createWebhook answered ${data.createWebhook.__typename}`);
    endpoints.push({ id: webhook.id, path, secret });
  }
  return endpoints;
}

/**
 * Publishes `events` events into the store of a stopped gateway, each fanned out to every
 * active endpoint by the store itself, exactly as `publishEvent` does. Returns the deliveries.
 * `gatewayMain` is the gateway's entry point (`dist/main.js`, or a `src/main.ts`): the store
 * beside it writes the backlog, with ids from the gateway's own generator, since their order
 * decides where rows and index entries go.
 */
export async function preloadBacklog(gatewayMain: string, dataDir: string, events: number): Promise<number> {
  const beside = (module: string) => path.join(path.dirname(gatewayMain), `${module}${path.extname(gatewayMain)}`);
  const { SqliteStore } = (await import(beside('store/sqlite/sqlite-store'))) as SqliteStoreModule;
  const { sortableId } = (await import(beside('util/sortable-id'))) as SortableIdModule;
  const store = SqliteStore.open(dataDir);
  try {
    let deliveries = 0;
    const createdAt = new Date();
    const publish = async (i: number) => {
      const event: EventRecord = {
        id: sortableId('msg'),
        tenant: TENANT,
        eventType: BENCH_EVENT_TYPE,
        payload: benchPayload(i),
        idempotencyKey: null,
        createdAt,
      };
      const outcome = await store.publishEvent({
        event,
        idempotentSince: createdAt,
        newDeliveryId: () => sortableId('dlv'),
      });
      deliveries += outcome.deliveries.length;
    };
    // In slices, so that the store may commit many events at once (it commits them one by one otherwise).
    for (let from = 0; from < events; from += PRELOAD_SLICE) {
      await Promise.all(Array.from({ length: Math.min(PRELOAD_SLICE, events - from) }, (_, k) => publish(from + k)));
    }
    return deliveries;
  } finally {
    await store.close();
  }
}
