/**
 * The stream behind the `providerEvents` subscription: the tenant's verified provider events
 * (optionally of one provider and some types) as they are stored, resumable by cursor.
 */
import type { DeliveryPubSub } from '../context.ts';
import type { ProviderEventMessage } from '../inbound/provider-event-message.ts';
import type { RecentProviderEvents } from '../inbound/recent-provider-events.ts';
import type { InboundProvider, ProviderEventRecord, Store } from '../store/store.ts';
import { resumableStream, type ResumableTiming } from './resumable-stream.ts';

export interface ProviderEventFilter {
  tenant: string;
  provider: InboundProvider | null;
  types: ReadonlySet<string> | null;
}

export function providerEventStream(
  deps: { store: Store; pubsub: DeliveryPubSub; recent: RecentProviderEvents },
  filter: ProviderEventFilter,
  afterSeq: number | null,
  timing?: ResumableTiming,
): AsyncGenerator<ProviderEventRecord> {
  return resumableStream<ProviderEventRecord, ProviderEventMessage>(
    {
      lastSeq: () => deps.store.lastProviderEventSeq(),
      since: (after, limit) =>
        deps.store.listProviderEventsSince({
          tenant: filter.tenant,
          provider: filter.provider ?? undefined,
          types: filter.types ? [...filter.types] : undefined,
          afterSeq: after,
          limit,
        }),
      live: () => deps.pubsub.subscribe('providerEvents'),
      matches: (message) =>
        message.tenant === filter.tenant &&
        (filter.provider === null || message.provider === filter.provider) &&
        (filter.types === null || filter.types.has(message.type)),
      load: async (message) =>
        deps.recent.get(filter.tenant, message.id) ?? (await deps.store.getProviderEvents(filter.tenant, [message.id]))[0] ?? null,
      storedAt: (event) => event.receivedAt.getTime(),
    },
    afterSeq,
    timing,
  );
}
