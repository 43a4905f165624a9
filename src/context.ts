/**
 * What every resolver gets. Resolvers reach providers, the store and loaders only through
 * this object, never by importing them.
 */
import type { DeliveryEvent } from './delivery/delivery-event.ts';
import type { DeliveryService } from './delivery/delivery-service.ts';
import type { Principal } from './auth/principal.ts';
import type { Loaders } from './loaders.ts';
import type { Logger } from './observability/logger.ts';
import type { TenantProviders } from './providers/registry.ts';
import type { Store } from './store/store.ts';
import type { StreamDeps } from './subscriptions/delivery-event-stream.ts';

export interface GraphQLContext {
  /** The providers the caller's tenant may use. */
  providers: TenantProviders;
  store: Store;
  deliveries: DeliveryService;
  /** What `deliveryEvents` subscriptions are served from: one hub per process. */
  subscriptions: StreamDeps;
  /** The caller, from its API key (the auth-off admin of tenant `default` when HOOKGATE_AUTH=off). */
  principal: Principal;
  requestId?: string;
  log?: Logger;
  /** Fresh for every request, so nothing cached leaks between callers. */
  loaders: Loaders;
}

/** Where delivery events travel to subscribers: in-process by default, Redis at scale. */
export interface DeliveryPubSub {
  publish(topic: 'deliveryEvents', event: DeliveryEvent): void;
  subscribe(topic: 'deliveryEvents'): AsyncIterable<DeliveryEvent>;
}
