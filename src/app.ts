/**
 * Wires the gateway together from a Config: store, outbound client, providers, GraphQL.
 * Nothing here listens on a port (see server.ts), so tests can drive `yoga.fetch` directly.
 */
import { GraphQLError } from 'graphql';
import { createYoga, maskError, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { GraphQLContext } from './context.ts';
import { HookgateError, ValidationError } from './errors.ts';
import { AddressGuard } from './http/address-guard.ts';
import { OutboundClient } from './http/outbound-client.ts';
import { createLoaders } from './loaders.ts';
import { LocalProvider } from './providers/local/local-provider.ts';
import { createUpstreamProviders } from './providers/create-upstream-providers.ts';
import { ProviderRegistry } from './providers/registry.ts';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-default-query.ts';
import { schema } from './schema/index.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import { TestSender } from './webhooks/test-sender.ts';
import type { Store } from './store/store.ts';

export const USER_AGENT = 'Hookgate/0.1 (+webhooks)';
const CONNECT_TIMEOUT_MS = 5_000;

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  store: Store;
  providers: ProviderRegistry;
  /** Releases the store and outbound connections; call after the HTTP server stopped. */
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

export function createApp(config: Config): App {
  const store = SqliteStore.open(config.dataDir);
  const guard = new AddressGuard(config.allowPrivateNetworks);
  const outbound = new OutboundClient({ guard, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  const tester = new TestSender({ outbound, timeoutMs: config.testTimeoutMs, userAgent: USER_AGENT });
  const local = new LocalProvider({ store, tester, guard, rotationOverlapMs: config.rotationOverlapMs });
  const upstream = createUpstreamProviders(config.providers, { transport: config.upstreamTransport, testSender: tester });
  const providers = new ProviderRegistry(local, upstream);

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    context: () => ({ providers, store, loaders: createLoaders(providers) }),
    graphiql: { title: 'Hookgate', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    maskedErrors: { maskError: maskHookgateErrors },
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    plugins: [useReadinessCheck({ endpoint: '/readyz', check: async () => void (await store.ping()) })],
  });

  return {
    yoga,
    store,
    providers,
    async close() {
      await Promise.all(upstream.map((provider) => provider.close?.()));
      await outbound.close();
      await store.close();
    },
  };
}
