/**
 * Wires the gateway together from a Config: store, outbound client, providers, delivery
 * worker, pub/sub and GraphQL. Nothing here listens on a port (see server.ts), so tests can
 * drive `yoga.fetch` directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import { Authenticator } from './auth/authenticate.ts';
import { bootstrapAdminKey } from './auth/bootstrap-admin-key.ts';
import { SecretBox } from './crypto/secret-box.ts';
import { loadOrCreateSecretKey } from './crypto/secret-key-file.ts';
import type { GraphQLContext } from './context.ts';
import { DeliveryMetrics } from './delivery/delivery-metrics.ts';
import { DeliveryService } from './delivery/delivery-service.ts';
import { DeliveryWorker } from './delivery/delivery-worker.ts';
import { HookgateError, ValidationError } from './errors.ts';
import { forwardedCatalogue } from './inbound/forwarding.ts';
import { InboundLimits } from './inbound/inbound-limits.ts';
import { inboundRequestsCounter } from './inbound/inbound-metrics.ts';
import { InboundReceiver } from './inbound/inbound-receiver.ts';
import { inboundRoute } from './inbound/inbound-route.ts';
import { InboundSources } from './inbound/inbound-sources.ts';
import { RecentProviderEvents } from './inbound/recent-provider-events.ts';
import { createInboundVerifiers } from './providers/inbound-verifiers.ts';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-default-query.ts';
import { renderGraphiQLPage, useGraphiQLAssets } from './graphiql/graphiql-page.ts';
import { AddressGuard } from './http/address-guard.ts';
import { OutboundClient } from './http/outbound-client.ts';
import { requestPath } from './http/request-path.ts';
import { createLoaders } from './loaders.ts';
import { createLogger, type Logger, logFunction, yogaLogger } from './observability/logger.ts';
import { RequestLog, useRequestLog } from './observability/request-log-plugin.ts';
import { useReadinessEndpoint } from './observability/readiness-endpoint.ts';
import { registerStoreMetrics } from './observability/store-metrics.ts';
import { createInProcessPubSub, createRedisPubSub } from './pubsub/delivery-pubsub.ts';
import { createUpstreamProviders } from './providers/create-upstream-providers.ts';
import { LocalProvider } from './providers/local/local-provider.ts';
import { ProviderRegistry } from './providers/registry.ts';
import { schema } from './schema/index.ts';
import { compiledExecution } from './execution/compiled-execution.ts';
import { jsonPostRoute } from './execution/json-post-route.ts';
import { useReleaseRequestCaches } from './execution/release-request-caches.ts';
import { corsPolicy } from './security/cross-site-guard.ts';
import { securityPlugins } from './security/security-plugins.ts';
import { DeliveryEventHub } from './subscriptions/delivery-event-hub.ts';
import { SubscriptionMetrics } from './subscriptions/subscription-metrics.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { TestSendLimiter } from './webhooks/test-budget.ts';
import { useSubscriptionErrorStatus } from './subscriptions/subscription-error-status.ts';
import { useEndSubscriptionsOnRevocation } from './subscriptions/until-revoked.ts';
import { JsonSchemaValidator } from './validation/json-schema-validator.ts';
import { TestSender } from './webhooks/test-sender.ts';

export const USER_AGENT = 'Hookgate/0.1 (+webhooks)';
/** How long compiling a tenant's event-type schema and checking its example may take (in a worker thread). */
const SCHEMA_CHECK_TIMEOUT_MS = 5_000;
/** How long checking one published payload may take, compiling its schema included (in a worker thread). */
const PAYLOAD_CHECK_TIMEOUT_MS = 2_000;

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  /**
   * The node:http handler of every route: inbound deliveries (`/inbound/<token>`, see
   * inbound-route.ts) and `POST /graphql` with a plain JSON operation (see
   * execution/json-post-route.ts) answered without the fetch-API layer, yoga for everything else.
   */
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  store: Store;
  providers: ProviderRegistry;
  worker: DeliveryWorker;
  metrics: DeliveryMetrics;
  /** The admin key created on this first start (auth on, no key yet): shown once, then only in its file. */
  bootstrapKey: { token: string; file: string } | null;
  logger: Logger;
  /** Identifies callers by their API key (HTTP headers or graphql-ws connection params). */
  authenticator: Authenticator;
  /**
   * The start-up warm-up is over (see warm-up.ts): the delivery worker starts, and /readyz
   * answers 200 from now on while the store answers. Until then /readyz answers 503 and
   * nothing is delivered, unless the configuration asks for no warm-up.
   */
  markWarm(): void;
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
  // Errors graphql-js raises about the request itself (a variable of the wrong type, a missing
  // argument) carry no code; give them one, so every error a client sees is typed.
  // They have no path: errors raised while resolving a field always do.
  if (error instanceof GraphQLError && error.path === undefined && error.extensions.code === undefined) {
    Object.assign(error.extensions, { code: 'BAD_USER_INPUT' });
    return error;
  }
  return maskError(error, message, isDev);
}

function metricsEndpoint(metrics: DeliveryMetrics): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (requestPath(request.url) !== '/metrics') return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }),
      );
    },
  };
}

export interface AppOptions {
  /** Used instead of a logger built from `config.logging` (tests pass one that they read). */
  logger?: Logger;
}

/** The origin a request reached the gateway at (its URL, or the Host of a WebSocket upgrade). */
function requestOrigin(request: Request | { url?: string; headers?: Record<string, unknown> } | undefined): string | null {
  if (!request?.url) return null;
  if (URL.canParse(request.url)) return new URL(request.url).origin;
  const host = request.headers && !(request.headers instanceof Headers) ? request.headers.host : undefined;
  return typeof host === 'string' && URL.canParse(`http://${host}`) ? new URL(`http://${host}`).origin : null;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logging.level, format: config.logging.format });
  const store = await openStore(config, {
    logger: logger.child({ component: 'store' }),
    startupWaitMs: config.store.startupWaitMs,
    backgroundCheckpoints: true,
  });
  const secrets = new SecretBox(config.auth.secretKey ?? loadOrCreateSecretKey(config.dataDir));
  const authenticator = new Authenticator({
    enabled: config.auth.enabled,
    store,
    revocationCheckMs: config.auth.revocationCheckMs,
    log: logFunction(logger.child({ component: 'auth' }), 'warn'),
  });
  const bootstrapKey = config.auth.enabled ? await bootstrapAdminKey(store, config.dataDir) : null;
  const guard = new AddressGuard(config.allowPrivateNetworks);
  const outboundLog = logger.child({ component: 'outbound' });
  const outbound = new OutboundClient({
    guard,
    connectTimeoutMs: config.delivery.connectTimeoutMs,
    onBlocked: ({ host, reason }) => outboundLog.warn({ host, reason }, 'outbound request blocked: private address'),
  });
  const testSends = new TestSendLimiter(config.testLimits);
  const tester = new TestSender({ outbound, timeoutMs: config.testTimeoutMs, userAgent: USER_AGENT });
  const upstream = createUpstreamProviders(config.providers, { transport: config.upstreamTransport, testSender: tester });
  // Two workers: schemas being written (compiled from scratch) never queue ahead of payloads being published.
  const schemas = new JsonSchemaValidator({ timeoutMs: SCHEMA_CHECK_TIMEOUT_MS });
  const payloads = new JsonSchemaValidator({ timeoutMs: PAYLOAD_CHECK_TIMEOUT_MS });
  const forwarded = forwardedCatalogue(upstream);
  const providers = new ProviderRegistry({
    local: (tenant) =>
      new LocalProvider({
        tenant,
        store,
        secrets,
        tester,
        guard,
        schemas,
        rotationOverlapMs: config.rotationOverlapMs,
        limits: config.tenantLimits,
        forwarded,
      }),
    upstream,
    upstreamTenant: config.auth.upstreamTenant,
  });

  const log = logFunction(logger);
  const { pubsub, close: closePubSub } = config.redisUrl ? await createRedisPubSub(config.redisUrl, await store.storeId(), log) : createInProcessPubSub();
  const metrics = new DeliveryMetrics(store);
  registerStoreMetrics(metrics.registry, store.health);
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
    {
      store,
      outbound,
      secrets,
      metrics,
      publish: (event) => pubsub.publish('deliveryEvents', event),
      log: logFunction(logger.child({ component: 'delivery' })),
    },
  );
  const deliveries = new DeliveryService(
    store,
    {
      maxPayloadBytes: config.delivery.maxPayloadBytes,
      idempotencyWindowMs: config.delivery.idempotencyWindowMs,
      publishBatchMax: config.delivery.publishBatchMax,
      schemas: payloads,
    },
    worker,
  );
  let warm = config.warmUpEvents === 0;
  // A gateway warming up sends nothing yet: the worker starts once it is warm (markWarm).
  if (warm) worker.start();
  const subscriptionMetrics = new SubscriptionMetrics(metrics.registry);
  const hub = new DeliveryEventHub({ store, pubsub, metrics: subscriptionMetrics, log: logFunction(logger.child({ component: 'subscriptions' })) });
  const subscriptions = { hub, store, metrics: subscriptionMetrics };
  const verifiers = createInboundVerifiers(config.providers);
  const inbound = new InboundSources({
    store,
    secrets,
    verifiers,
    publicUrl: config.inbound.publicUrl,
    warn: (message) => logger.warn(message),
  });
  const recentProviderEvents = new RecentProviderEvents();
  const receiver = new InboundReceiver({
    store,
    secrets,
    verifiers,
    limits: new InboundLimits(config.inbound),
    maxBytes: config.inbound.maxBytes,
    worker,
    publish: (message) => pubsub.publish('providerEvents', message),
    recent: recentProviderEvents,
    requests: inboundRequestsCounter(metrics.registry),
    log: logFunction(logger.child({ component: 'inbound' })),
  });
  // Other instances' new work wakes this worker at once (PostgreSQL); one process needs no signal.
  const stopWaking = (await store.onDeliveriesDue?.(() => worker.wake())) ?? (async () => {});
  const requestLog = new RequestLog(logger);

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    context: async (initial): Promise<GraphQLContext> => {
      const principal = await authenticator.authenticate({
        headers: (initial as { request?: Request }).request?.headers,
        connectionParams: (initial as { connectionParams?: Record<string, unknown> }).connectionParams,
      });
      const tenantProviders = providers.forTenant(principal.tenant);
      return {
        principal,
        providers: tenantProviders,
        store,
        deliveries,
        inbound,
        requestOrigin: () => requestOrigin((initial as { request?: Request }).request ?? (initial as { req?: { url?: string } }).req),
        pubsub,
        subscriptions,
        recentProviderEvents,
        loaders: createLoaders(tenantProviders, store, principal.tenant),
        testBudget: testSends.budgetFor(principal.keyId),
      };
    },
    graphiql: config.security.graphiql
      ? {
          title: 'Hookgate',
          defaultQuery: GRAPHIQL_DEFAULT_QUERY,
          // A place to paste the key; GraphiQL sends these headers with every operation.
          ...(config.auth.enabled ? { headers: JSON.stringify({ Authorization: 'Bearer <paste your API key>' }, null, 2) } : {}),
        }
      : false,
    renderGraphiQL: renderGraphiQLPage,
    logging: yogaLogger(logger),
    cors: corsPolicy(new Set(config.http.corsOrigins)),
    // Bounded by useRequestBodyLimit (security/body-limit.ts) instead.
    maxRequestBodySize: false,
    maskedErrors: { maskError: maskHookgateErrors },
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    plugins: [
      useRequestLog(requestLog),
      useReadinessEndpoint({
        path: '/readyz',
        check: async () => {
          if (!warm) throw new Error('warming up');
          await store.ping();
        },
      }),
      metricsEndpoint(metrics),
      ...(config.security.graphiql ? [useGraphiQLAssets()] : []),
      ...securityPlugins(config.security, { authenticator }),
      useEndSubscriptionsOnRevocation(authenticator),
      useSubscriptionErrorStatus(),
      ...compiledExecution(),
      useReleaseRequestCaches(),
    ],
  });

  const routeInbound = inboundRoute(receiver, logger);
  const routeJsonPost = jsonPostRoute({ yoga, authenticator, requestLog, maxBodyBytes: config.security.maxBodyBytes, logger });
  return {
    yoga,
    handleRequest(request, response) {
      if (!routeInbound(request, response) && !routeJsonPost(request, response)) void yoga(request, response);
    },
    store,
    providers,
    worker,
    metrics,
    logger,
    authenticator,
    bootstrapKey,
    markWarm() {
      warm = true;
      worker.start();
    },
    async close() {
      await stopWaking();
      authenticator.close();
      hub.close();
      await worker.stop();
      await providers.close();
      await schemas.close();
      await payloads.close();
      await outbound.close();
      await closePubSub();
      await store.close();
    },
  };
}
