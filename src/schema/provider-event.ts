import { ValidationError } from '../errors.ts';
import { decodeInboundId } from '../inbound/inbound-ids.ts';
import type { ProviderEventRecord } from '../store/store.ts';
import { providerEventStream } from '../subscriptions/provider-event-stream.ts';
import { checkPageSize } from '../webhooks/list-webhooks.ts';
import { builder } from './builder.ts';
import { InboundProviderEnum, InboundSourceRef } from './inbound-source.ts';
import { NodeInterface } from './node.ts';
import { PageInfoRef, type PageInfoShape, pageInfo } from './page-info.ts';
import { ProviderEnum } from './provider.ts';

/** Cursors are the event's seq, in the listing and the subscription alike. */
function parseCursor(cursor: string, path: string[]): number {
  if (!/^\d{1,15}$/.test(cursor)) throw ValidationError.field(path, 'is not a cursor of providerEvents');
  return Number(cursor);
}

export const ProviderEventRef = builder.objectRef<ProviderEventRecord>('ProviderEvent').implement({
  description: 'A verified event a provider delivered to one of your inbound sources.',
  interfaces: [NodeInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'dedupeKey' in value,
  fields: (t) => ({
    cursor: t.string({
      description: 'Its position: `after` of the providerEvents query and subscription.',
      resolve: (e) => String(e.seq),
    }),
    provider: t.field({ type: ProviderEnum, description: 'Who sent it.', resolve: (e) => e.provider }),
    source: t.field({
      type: InboundSourceRef,
      nullable: true,
      description: 'The source it arrived at; null once the source is deleted.',
      resolve: (e, _args, ctx) => ctx.loaders.inboundSource.load(e.sourceId),
    }),
    type: t.exposeString('type', { description: "The provider's own event name (Bolt `type`, Shippo and UP42 `event`)." }),
    occurredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it happened, where the payload says so.',
      resolve: (e) => e.occurredAt,
    }),
    receivedAt: t.field({ type: 'DateTime', description: 'When Hookgate received and stored it.', resolve: (e) => e.receivedAt }),
    data: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The business object: Bolt and Shippo `data`, UP42 `body`, BLAZE the whole body.',
      resolve: (e, _args, ctx) => ctx.inbound.dataOf(e),
    }),
    payload: t.field({ type: 'JSON', description: 'The body as received, parsed.', resolve: (e) => JSON.parse(e.payloadJson) }),
  }),
});

interface EventConnection {
  edges: { node: ProviderEventRecord; cursor: string }[];
  pageInfo: PageInfoShape;
}

const ProviderEventEdgeRef = builder.objectRef<{ node: ProviderEventRecord; cursor: string }>('ProviderEventEdge').implement({
  description: 'A provider event and its position in the listing.',
  fields: (t) => ({
    node: t.field({ type: ProviderEventRef, description: 'The event.', resolve: (e) => e.node }),
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this event.' }),
  }),
});

const ProviderEventConnectionRef = builder.objectRef<EventConnection>('ProviderEventConnection').implement({
  description: 'A page of provider events, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [ProviderEventEdgeRef], description: 'The events with their cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [ProviderEventRef], description: 'The events.', resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, description: 'Where this page sits.', resolve: (c) => c.pageInfo }),
  }),
});

builder.queryField('providerEvents', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: ProviderEventConnectionRef,
    description: 'Verified events your inbound sources received, newest first.',
    args: {
      provider: t.arg({ type: InboundProviderEnum, description: 'Only events of this provider.' }),
      type: t.arg.string({ description: "Only events of this type (the provider's own name)." }),
      sourceId: t.arg.id({ description: 'Only events that arrived at this source.' }),
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ description: 'The `cursor` of the last event already seen.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = checkPageSize(args.first);
      const rows = await ctx.store.listProviderEvents({
        tenant: ctx.principal.tenant,
        provider: args.provider ?? undefined,
        type: args.type ?? undefined,
        sourceId: args.sourceId ? decodeInboundId('InboundSource', args.sourceId, ['sourceId']) : undefined,
        first: first + 1,
        beforeSeq: args.after ? parseCursor(args.after, ['after']) : null,
      });
      const edges = rows.slice(0, first).map((node) => ({ node, cursor: String(node.seq) }));
      return { edges, pageInfo: pageInfo(edges, rows.length > first, args.after) };
    },
  }),
);

builder.subscriptionField('providerEvents', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: ProviderEventRef,
    description:
      'Every verified event your inbound sources receive, as it is stored, optionally of one provider and some types. ' +
      'Pass `after` (the `cursor` of the last event you saw) to first receive what you missed.',
    args: {
      provider: t.arg({ type: InboundProviderEnum, description: 'Only events of this provider.' }),
      types: t.arg.stringList({ description: "Only events of these types (the provider's own names)." }),
      after: t.arg.string({ description: 'Resume after this ProviderEvent.cursor.' }),
    },
    subscribe: (_root, args, ctx) =>
      providerEventStream(
        { store: ctx.store, pubsub: ctx.pubsub, recent: ctx.recentProviderEvents },
        { tenant: ctx.principal.tenant, provider: args.provider ?? null, types: args.types ? new Set(args.types) : null },
        args.after === null || args.after === undefined ? null : parseCursor(args.after, ['after']),
      ),
    resolve: (event) => event,
  }),
);
