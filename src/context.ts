/**
 * What every resolver gets. Resolvers reach providers, the store and loaders only through
 * this object, never by importing them.
 */
import type { Loaders } from './loaders.ts';
import type { ProviderRegistry } from './providers/registry.ts';
import type { Store } from './store/store.ts';

export interface GraphQLContext {
  providers: ProviderRegistry;
  store: Store;
  /** Fresh for every request, so nothing cached leaks between callers. */
  loaders: Loaders;
}
