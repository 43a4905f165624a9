/**
 * What every resolver gets. Resolvers reach providers, the store and loaders only through
 * this object, never by importing them.
 */
import type { DeliveryEvent } from './delivery/delivery-event.ts';
import type { DeliveryService } from './delivery/delivery-service.ts';
import type { Principal } from './auth/principal.ts';
import type { InboundSources } from './inbound/inbound-sources.ts';
import type { ProviderEventMessage } from './inbound/provider-event-message.ts';
import type { RecentProviderEvents } from './inbound/recent-provider-events.ts';
import type { Loaders } from './loaders.ts';
import type { Logger } from './observability/logger.ts';
import type { TenantProviders } from './providers/registry.ts';
import type { Store } from './store/store.ts';
import type { TestBudget } from './webhooks/test-budget.ts';
import type { OperationReads } from './util/operation-reads.ts';
import type { StreamDeps } from './subscriptions/delivery-event-stream.ts';

export interface GraphQLContext {
  /** The providers the caller's tenant may use. */
  providers: TenantProviders;
  store: Store;
  deliveries: DeliveryService;
  /** Creates and deletes inbound sources (with their provider-side webhooks) and reads provider events. */
  inbound: InboundSources;
  /**
   * The origin the caller reached the gateway at (inbound source URLs use it when
   * HOOKGATE_PUBLIC_URL is unset); worked out when asked, as few requests need it.
   */
  requestOrigin: () => string | null;
  pubsub: DeliveryPubSub;
  /** What `deliveryEvents` subscriptions are served from: one hub per process. */
  subscriptions: StreamDeps;
  /** The provider events this process stored last, which `providerEvents` subscribers need not read back. */
  recentProviderEvents: RecentProviderEvents;
  /** The caller, from its API key (the auth-off admin of tenant `default` when HOOKGATE_AUTH=off). */
  principal: Principal;
  requestId?: string;
  log?: Logger;
  /** Fresh for every request, so nothing cached leaks between callers. */
  loaders: Loaders;
  /** The caller's API key's allowance of testWebhook messages. */
  testBudget: TestBudget;
  /**
   * Set on operations whose result may be given again (execution/reused-results.ts): a resolver
   * that reads data reports here how long what it read stays the same.
   */
  reads?: OperationReads;
}

/** What travels on each pub/sub topic. */
export interface PubSubTopics {
  deliveryEvents: DeliveryEvent;
  providerEvents: ProviderEventMessage;
}

/** Where delivery and provider events travel to subscribers: in-process by default, Redis at scale. */
export interface DeliveryPubSub {
  publish<T extends keyof PubSubTopics>(topic: T, event: PubSubTopics[T]): void;
  subscribe<T extends keyof PubSubTopics>(topic: T): AsyncIterable<PubSubTopics[T]>;
}
