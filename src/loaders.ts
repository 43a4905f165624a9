/**
 * Per-request DataLoaders: whatever a query asks for item by item is fetched once per batch.
 */
import DataLoader from 'dataloader';
import type { EventType, Webhook, WebhookRef } from './providers/contract.ts';
import type { ProviderName } from './providers/provider-name.ts';
import type { TenantProviders } from './providers/registry.ts';
import type { AttemptRecord, DeliveryRecord, EventRecord, InboundSourceRecord, Store } from './store/store.ts';

export interface Loaders {
  /** Webhooks by ref, batched per provider into one `getMany`. */
  readonly webhook: DataLoader<WebhookRef, Webhook | null, string>;
  /** A provider's whole event catalogue, fetched at most once per request. */
  readonly eventTypes: DataLoader<ProviderName, EventType[]>;
  readonly delivery: DataLoader<string, DeliveryRecord | null>;
  readonly event: DataLoader<string, EventRecord | null>;
  /** Attempts of a delivery, oldest first. */
  readonly attempts: DataLoader<string, AttemptRecord[]>;
  readonly inboundSource: DataLoader<string, InboundSourceRecord | null>;
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

function refKey(ref: WebhookRef): string {
  return JSON.stringify([ref.provider, ref.externalId, ref.scope]);
}

/**
 * Loaders of one request: every LOCAL read is the tenant's. Each is made when first used: most
 * requests (a publish, say) use none, and making all six cost a few microseconds per request.
 */
class RequestLoaders implements Loaders {
  readonly #providers: TenantProviders;
  readonly #store: Store;
  readonly #tenant: string;
  #webhook?: Loaders['webhook'];
  #eventTypes?: Loaders['eventTypes'];
  #delivery?: Loaders['delivery'];
  #event?: Loaders['event'];
  #attempts?: Loaders['attempts'];
  #inboundSource?: Loaders['inboundSource'];

  constructor(providers: TenantProviders, store: Store, tenant: string) {
    this.#providers = providers;
    this.#store = store;
    this.#tenant = tenant;
  }

  get delivery(): Loaders['delivery'] {
    return (this.#delivery ??= new DataLoader(async (ids) => byId(ids, await this.#store.getDeliveries(this.#tenant, ids))));
  }

  get event(): Loaders['event'] {
    return (this.#event ??= new DataLoader(async (ids) => byId(ids, await this.#store.getEvents(this.#tenant, ids))));
  }

  get inboundSource(): Loaders['inboundSource'] {
    return (this.#inboundSource ??= new DataLoader(async (ids) => byId(ids, await this.#store.getInboundSources(this.#tenant, ids))));
  }

  get attempts(): Loaders['attempts'] {
    return (this.#attempts ??= new DataLoader(async (ids) => {
      const byDelivery = Map.groupBy(await this.#store.getAttempts(ids), (attempt) => attempt.deliveryId);
      return ids.map((id) => byDelivery.get(id) ?? []);
    }));
  }

  get webhook(): Loaders['webhook'] {
    const providers = this.#providers;
    return (this.#webhook ??= new DataLoader(
      async (refs) => {
        const results = new Array<Webhook | null | Error>(refs.length);
        const byProvider = Map.groupBy(refs.map((ref, index) => ({ ref, index })), (item) => item.ref.provider);
        await Promise.all(
          [...byProvider].map(async ([name, items]) => {
            try {
              const found = await providers.get(name).getMany(items.map((item) => item.ref));
              items.forEach((item, i) => (results[item.index] = found[i] ?? null));
            } catch (error) {
              for (const item of items) results[item.index] = error as Error;
            }
          }),
        );
        return results;
      },
      { cacheKeyFn: refKey },
    ));
  }

  get eventTypes(): Loaders['eventTypes'] {
    const providers = this.#providers;
    return (this.#eventTypes ??= new DataLoader(async (names) =>
      Promise.all(
        names.map(async (name) => {
          try {
            return await providers.get(name).eventTypes();
          } catch (error) {
            return error as Error;
          }
        }),
      ),
    ));
  }
}

export function createLoaders(providers: TenantProviders, store: Store, tenant: string): Loaders {
  return new RequestLoaders(providers, store, tenant);
}
