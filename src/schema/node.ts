import { encodeInboundId, inboundIdOf } from '../inbound/inbound-ids.ts';
import type { Webhook } from '../providers/contract.ts';
import type { InboundSourceRecord, ProviderEventRecord } from '../store/store.ts';
import { decodeWebhookId, encodeWebhookId } from '../webhooks/webhook-id.ts';
import { builder } from './builder.ts';

type NodeShape = Webhook | InboundSourceRecord | ProviderEventRecord;

function typenameOf(node: NodeShape): 'Webhook' | 'InboundSource' | 'ProviderEvent' {
  if ('externalId' in node) return 'Webhook';
  return 'tokenHash' in node ? 'InboundSource' : 'ProviderEvent';
}

export const NodeInterface = builder.interfaceRef<NodeShape>('Node').implement({
  description: 'An object with a globally unique, opaque id.',
  resolveType: typenameOf,
  fields: (t) => ({
    id: t.id({
      description: 'Opaque and stable; pass it back as is.',
      resolve: (node) => {
        const typename = typenameOf(node);
        return typename === 'Webhook' ? encodeWebhookId(node as Webhook) : encodeInboundId(typename, (node as InboundSourceRecord).id);
      },
    }),
  }),
});

builder.queryField('node', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: NodeInterface,
    nullable: true,
    description: 'Fetches any object by its global id; null when it does not exist.',
    args: { id: t.arg.id({ required: true, description: 'A global id, as returned in `id` fields.' }) },
    resolve: async (_root, { id }, ctx) => {
      const sourceId = inboundIdOf('InboundSource', id);
      if (sourceId !== null) return ctx.loaders.inboundSource.load(sourceId);
      const eventId = inboundIdOf('ProviderEvent', id);
      if (eventId !== null) return (await ctx.store.getProviderEvents(ctx.principal.tenant, [eventId]))[0] ?? null;
      return ctx.loaders.webhook.load(decodeWebhookId(id));
    },
  }),
);
