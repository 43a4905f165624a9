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
  webhook: DataLoader<WebhookRef, Webhook | null, string>;
  /** A provider's whole event catalogue, fetched at most once per request. */
  eventTypes: DataLoader<ProviderName, EventType[]>;
  delivery: DataLoader<string, DeliveryRecord | null>;
  event: DataLoader<string, EventRecord | null>;
  /** Attempts of a delivery, oldest first. */
  attempts: DataLoader<string, AttemptRecord[]>;
  inboundSource: DataLoader<string, InboundSourceRecord | null>;
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

function refKey(ref: WebhookRef): string {
  return JSON.stringify([ref.provider, ref.externalId, ref.scope]);
}

/** Loaders of one request: every LOCAL read is the tenant's. */
export function createLoaders(providers: TenantProviders, store: Store, tenant: string): Loaders {
  return {
    delivery: new DataLoader(async (ids) => byId(ids, await store.getDeliveries(tenant, ids))),
    event: new DataLoader(async (ids) => byId(ids, await store.getEvents(tenant, ids))),
    inboundSource: new DataLoader(async (ids) => byId(ids, await store.getInboundSources(tenant, ids))),
    attempts: new DataLoader(async (ids) => {
      const byDelivery = Map.groupBy(await store.getAttempts(ids), (attempt) => attempt.deliveryId);
      return ids.map((id) => byDelivery.get(id) ?? []);
    }),
    webhook: new DataLoader(
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
    ),
    eventTypes: new DataLoader(async (names) =>
      Promise.all(
        names.map(async (name) => {
          try {
            return await providers.get(name).eventTypes();
          } catch (error) {
            return error as Error;
          }
        }),
      ),
    ),
  };
}
