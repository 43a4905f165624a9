/**
 * How inbound events join the LOCAL catalogue: `<provider>.<type>` in lower-case provider names
 * (`shippo.track_updated`), receivable by endpoints subscribed to that name, to `<provider>.*`
 * or to `*`. The delivered `data` is the provider event in one shape for every provider.
 */
import type { EventType, WebhookProvider } from '../providers/contract.ts';
import type { ForwardedCatalogue } from '../providers/local/local-provider.ts';
import type { InboundProvider, ProviderEventRecord } from '../store/store.ts';
import { encodeInboundId } from './inbound-ids.ts';

export const INBOUND_PROVIDERS: readonly InboundProvider[] = ['BOLT', 'SHIPPO', 'BLAZE', 'UP42'];

export function forwardedPrefix(provider: InboundProvider): string {
  return `${provider.toLowerCase()}.`;
}

export function forwardedName(provider: InboundProvider, type: string): string {
  return `${forwardedPrefix(provider)}${type}`;
}

/** The endpoint subscriptions (besides `*`) that receive an event. */
export function subscribedAs(provider: InboundProvider, type: string): string[] {
  return [forwardedName(provider, type), `${forwardedPrefix(provider)}*`];
}

/** The provider whose prefix `name` carries, or null for a name of the tenant's own catalogue. */
export function forwardedProviderOf(name: string): InboundProvider | null {
  return INBOUND_PROVIDERS.find((provider) => name.startsWith(forwardedPrefix(provider))) ?? null;
}

/** A provider's catalogue entry as it shows in the LOCAL catalogue. */
export function forwardedEventType(type: EventType & { provider: InboundProvider }): EventType {
  return {
    ...type,
    provider: 'LOCAL',
    name: forwardedName(type.provider, type.name),
    category: type.category ?? `${type.provider} (received)`,
    description: `Forwarded from ${type.provider}: ${type.description ?? type.name}`,
    schema: null,
    example: null,
  };
}

/** The `data` of a forwarded delivery. */
export function forwardedPayload(event: Omit<ProviderEventRecord, 'seq'>, data: unknown): Record<string, unknown> {
  return {
    id: encodeInboundId('ProviderEvent', event.id),
    provider: event.provider,
    type: event.type,
    occurredAt: event.occurredAt?.toISOString() ?? null,
    receivedAt: event.receivedAt.toISOString(),
    sourceId: encodeInboundId('InboundSource', event.sourceId),
    data,
  };
}

/**
 * The forwarded part of every tenant's LOCAL catalogue: the catalogues of the configured
 * providers, prefixed. Any tenant may receive from them (with sources it registers itself), so
 * every tenant may subscribe to these names, and to `<provider>.<type>` of types a catalogue does
 * not list (BLAZE's is open) and `<provider>.*`.
 */
export function forwardedCatalogue(upstream: readonly WebhookProvider[]): ForwardedCatalogue {
  return {
    async eventTypes() {
      const lists = await Promise.all(
        upstream.map(async (provider) => {
          const inbound = INBOUND_PROVIDERS.find((name) => name === provider.name);
          if (!inbound) return [];
          // One unreachable catalogue (UP42's is fetched) must not hide the tenant's own types.
          const types = await provider.eventTypes().catch(() => []);
          return types.map((type) => forwardedEventType({ ...type, provider: inbound }));
        }),
      );
      return lists.flat();
    },
    check(name) {
      const provider = forwardedProviderOf(name);
      if (provider === null) return null;
      return name.length > forwardedPrefix(provider).length ? true : `"${name}" names no ${provider} event type`;
    },
  };
}
