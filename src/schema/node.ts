import type { Webhook } from '../providers/contract.ts';
import { decodeWebhookId, encodeWebhookId } from '../webhooks/webhook-id.ts';
import { builder } from './builder.ts';

/** Webhook is the only Node so far; another type joins by widening the shape and resolveType. */
export const NodeInterface = builder.interfaceRef<Webhook>('Node').implement({
  description: 'An object with a globally unique, opaque id.',
  resolveType: () => 'Webhook',
  fields: (t) => ({ id: t.id({ description: 'Opaque and stable; pass it back as is.', resolve: (webhook) => encodeWebhookId(webhook) }) }),
});

builder.queryField('node', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: NodeInterface,
    nullable: true,
    description: 'Fetches any object by its global id; null when it does not exist.',
    args: { id: t.arg.id({ required: true, description: 'A global id, as returned in `id` fields.' }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.webhook.load(decodeWebhookId(id)),
  }),
);
