/**
 * Wires the gateway together from a Config: store, outbound client, providers, delivery
 * worker, pub/sub and GraphQL. Nothing here listens on a port (see server.ts), so tests can
 * drive `yoga.fetch` directly.
 */
import { GraphQLError } from 'graphql';
import { createPubSub, createYoga, maskError, type Plugin, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { DeliveryPubSub, GraphQLContext } from './context.ts';
import type { DeliveryEvent } from './delivery/delivery-event.ts';
import { DeliveryMetrics } from './delivery/delivery-metrics.ts';
import { DeliveryService } from './delivery/delivery-service.ts';
import { DeliveryWorker } from './delivery/delivery-worker.ts';
import { HookgateError, ValidationError } from './errors.ts';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-default-query.ts';
import { AddressGuard } from './http/address-guard.ts';
import { OutboundClient } from './http/outbound-client.ts';
import { createLoaders } from './loaders.ts';
import { createUpstreamProviders } from './providers/create-upstream-providers.ts';
import { LocalProvider } from './providers/local/local-provider.ts';
import { ProviderRegistry } from './providers/registry.ts';
import { schema } from './schema/index.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { TestSender } from './webhooks/test-sender.ts';

export const USER_AGENT = 'Hookgate/0.1 (+webhooks)';

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  store: Store;
  providers: ProviderRegistry;
  worker: DeliveryWorker;
  metrics: DeliveryMetrics;
  /** Stops the delivery worker, then releases the store and outbound connections. */
  close(): Promise<void>;
}

/**
 * Queries have no result union, so their expected failures become GraphQL errors that keep
 * the typed details in `extensions` (and are not logged as faults); anything unexpected is
 * masked as usual.
 */
function maskHookgateErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (error instanceof GraphQLError && original instanceof HookgateError) {
    const { name: _name, message: _message, stack: _stack, ...details } = original as unknown as Record<string, unknown>;
    Object.assign(error.extensions, details, { code: original.code });
    if (original instanceof ValidationError) {
      error.extensions.fieldErrors = original.fieldErrors.map((e) => ({ path: e.path.map(String), message: e.message }));
    }
    return error;
  }
  return maskError(error, message, isDev);
}

function metricsEndpoint(metrics: DeliveryMetrics): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }),
      );
    },
  };
}

function inProcessPubSub(): DeliveryPubSub {
  const pubsub = createPubSub<{ deliveryEvents: [DeliveryEvent] }>();
  return {
    publish: (topic, event) => pubsub.publish(topic, event),
    subscribe: (topic) => pubsub.subscribe(topic),
  };
}

export async function createApp(config: Config): Promise<App> {
  const store = SqliteStore.open(config.dataDir);
  const guard = new AddressGuard(config.allowPrivateNetworks);
  const outbound = new OutboundClient({ guard, connectTimeoutMs: config.delivery.connectTimeoutMs });
  const tester = new TestSender({ outbound, timeoutMs: config.testTimeoutMs, userAgent: USER_AGENT });
  const local = new LocalProvider({ store, tester, guard, rotationOverlapMs: config.rotationOverlapMs });
  const upstream = createUpstreamProviders(config.providers, { transport: config.upstreamTransport, testSender: tester });
  const providers = new ProviderRegistry(local, upstream);

  const pubsub = inProcessPubSub();
  const metrics = new DeliveryMetrics(store);
  const worker = new DeliveryWorker(
    {
      retry: {
        schedule: config.delivery.retrySchedule,
        jitter: config.delivery.retryJitter,
        maxRetryAfterMs: config.delivery.retryAfterMaxMs,
      },
      concurrency: config.delivery.concurrency,
      endpointConcurrency: config.delivery.endpointConcurrency,
      batchSize: config.delivery.batchSize,
      timeoutMs: config.delivery.timeoutMs,
      leaseMs: config.delivery.leaseMs,
      pollMs: config.delivery.pollMs,
      disableAfterFailingMs: config.delivery.disableAfterFailingMs,
      userAgent: USER_AGENT,
    },
    { store, outbound, metrics, publish: (event) => pubsub.publish('deliveryEvents', event) },
  );
  const deliveries = new DeliveryService(
    store,
    { maxPayloadBytes: config.delivery.maxPayloadBytes, idempotencyWindowMs: config.delivery.idempotencyWindowMs },
    () => worker.wake(),
  );
  worker.start();

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    context: () => ({ providers, store, deliveries, pubsub, loaders: createLoaders(providers, store) }),
    graphiql: { title: 'Hookgate', defaultQuery: GRAPHIQL_DEFAULT_QUERY, subscriptionsProtocol: 'WS' },
    maskedErrors: { maskError: maskHookgateErrors },
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    plugins: [
      useReadinessCheck({ endpoint: '/readyz', check: async () => void (await store.ping()) }),
      metricsEndpoint(metrics),
    ],
  });

  return {
    yoga,
    store,
    providers,
    worker,
    metrics,
    async close() {
      await worker.stop();
      await Promise.all(upstream.map((provider) => provider.close?.()));
      await outbound.close();
      await store.close();
    },
  };
}
