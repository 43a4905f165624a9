import { ValidationError } from '../errors.ts';
import { decodeInboundId } from '../inbound/inbound-ids.ts';
import type { InboundSourceRecord } from '../store/store.ts';
import { checkPageSize } from '../webhooks/list-webhooks.ts';
import { builder } from './builder.ts';
import { NodeInterface } from './node.ts';
import { PageInfoRef, type PageInfoShape, pageInfo } from './page-info.ts';
import { ProviderEnum } from './provider.ts';
import { WebhookRef, WebhookScopeInput, WebhookScopeRef } from './webhook.ts';

export const InboundProviderEnum = builder.enumType('InboundProvider', {
  description: 'A provider whose webhooks Hookgate can receive.',
  values: {
    BOLT: { description: 'Verified with X-Bolt-Hmac-Sha256 and BOLT_SIGNING_SECRET.' },
    SHIPPO: { description: "Verified with the URL's ?token= (and Shippo-Auth-Signature when SHIPPO_SIGNING_SECRET is set)." },
    BLAZE: { description: 'BLAZE publishes no signature: the unguessable URL is the only credential.' },
    UP42: { description: 'Verified with Signature-Input/Signature and the secret Hookgate generated.' },
  } as const,
});

export const InboundSourceRef = builder.objectRef<InboundSourceRecord>('InboundSource').implement({
  description: 'A URL where one provider delivers its webhooks to Hookgate, which verifies, keeps, streams and forwards them.',
  interfaces: [NodeInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'tokenHash' in value,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider that posts here.', resolve: (s) => s.provider }),
    name: t.exposeString('name', { nullable: true, description: 'A label of your choice.' }),
    url: t.string({
      description: 'Where the provider must post. It holds the credential: keep it as secret as a password.',
      resolve: (s, _args, ctx) => ctx.inbound.url(s, ctx.requestOrigin()),
    }),
    events: t.exposeStringList('events', { description: "The provider's event types this source was created for." }),
    scope: t.field({ type: WebhookScopeRef, nullable: true, description: 'Where the provider-side webhook lives.', resolve: (s) => s.scope }),
    webhook: t.field({
      type: WebhookRef,
      nullable: true,
      description: 'The provider-side webhook that points here, when Hookgate registered it.',
      resolve: (s, _args, ctx) =>
        s.webhook === null ? null : ctx.loaders.webhook.load({ provider: s.provider, externalId: s.webhook.externalId, scope: s.webhook.scope }),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the source was created.', resolve: (s) => s.createdAt }),
    receivedCount: t.exposeInt('receivedCount', { description: "Verified events stored (a provider's retry is not counted again)." }),
    lastReceivedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the latest verified event arrived.',
      resolve: (s) => s.lastReceivedAt,
    }),
    rejectedCount: t.exposeInt('rejectedCount', {
      description: 'Requests refused: failed verification, too large, or not JSON.',
    }),
  }),
});

interface SourceConnection {
  edges: { node: InboundSourceRecord; cursor: string }[];
  pageInfo: PageInfoShape;
}

const InboundSourceEdgeRef = builder.objectRef<{ node: InboundSourceRecord; cursor: string }>('InboundSourceEdge').implement({
  description: 'An inbound source and its position in the listing.',
  fields: (t) => ({
    node: t.field({ type: InboundSourceRef, description: 'The source.', resolve: (e) => e.node }),
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this source.' }),
  }),
});

const InboundSourceConnectionRef = builder.objectRef<SourceConnection>('InboundSourceConnection').implement({
  description: 'A page of inbound sources, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [InboundSourceEdgeRef], description: 'The sources with their cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [InboundSourceRef], description: 'The sources.', resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, description: 'Where this page sits.', resolve: (c) => c.pageInfo }),
  }),
});

function encodeSourceCursor(source: InboundSourceRecord): string {
  return Buffer.from(`${source.createdAt.getTime()}:${source.id}`).toString('base64url');
}

function decodeSourceCursor(cursor: string): { createdAt: Date; id: string } {
  const match = /^(\d{1,15}):(src_[0-9a-f]{32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

builder.queryFields((t) => ({
  inboundSources: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: InboundSourceConnectionRef,
    description: 'Your inbound sources, newest first.',
    args: {
      provider: t.arg({ type: InboundProviderEnum, description: 'Only sources of this provider.' }),
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ description: 'The `cursor` of the last source already seen.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = checkPageSize(args.first);
      const rows = await ctx.store.listInboundSources({
        tenant: ctx.principal.tenant,
        provider: args.provider ?? undefined,
        first: first + 1,
        after: args.after ? decodeSourceCursor(args.after) : null,
      });
      const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeSourceCursor(node) }));
      return { edges, pageInfo: pageInfo(edges, rows.length > first, args.after) };
    },
  }),
  inboundSource: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: InboundSourceRef,
    nullable: true,
    description: 'One of your inbound sources; null when there is none with this id.',
    args: { id: t.arg.id({ required: true, description: 'The source id.' }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.inboundSource.load(decodeInboundId('InboundSource', id, ['id'])),
  }),
}));

const CreateInboundSourceInput = builder.inputType('CreateInboundSourceInput', {
  description: 'A new inbound source.',
  fields: (t) => ({
    provider: t.field({ type: InboundProviderEnum, required: true, description: 'The provider that will post to it.' }),
    events: t.stringList({ required: true, description: "The provider's event types to receive (as its createWebhook takes them)." }),
    scope: t.field({ type: WebhookScopeInput, description: 'Where the provider-side webhook is created (division, shop, workspace).' }),
    name: t.string({ description: 'A label of your choice.' }),
    registerUpstream: t.boolean({
      defaultValue: true,
      description:
        'Create the provider-side webhook pointing at the source (needs the provider configured for your tenant). ' +
        'False: you register the URL at the provider yourself.',
    }),
  }),
});

builder.mutationFields((t) => ({
  createInboundSource: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('CreateInboundSourceSuccess', {
      description: 'The new source.',
      fields: (f) => ({
        source: f.field({ type: InboundSourceRef, description: 'The source; its `url` is what the provider posts to.' }),
        secret: f.string({
          nullable: true,
          description:
            'Shown once: the signing secret to give the provider yourself (UP42 with registerUpstream: false); null otherwise.',
        }),
        warning: f.string({
          nullable: true,
          description: 'Why providers may not reach the URL (HOOKGATE_PUBLIC_URL is not set); null when nothing is amiss.',
        }),
      }),
    }),
    errors: { union: { name: 'CreateInboundSourceResult' } },
    description: 'Creates an inbound source and, unless registerUpstream is false, the provider-side webhook that posts to it.',
    args: { input: t.arg({ type: CreateInboundSourceInput, required: true, description: 'The source.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.inbound.create({
        tenant: ctx.principal.tenant,
        providers: ctx.providers,
        requestOrigin: ctx.requestOrigin(),
        input,
      }),
  }),
  deleteInboundSource: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('DeleteInboundSourceSuccess', {
      description: 'The source is gone (its stored events stay).',
      fields: (f) => ({ deletedId: f.id({ description: 'The id of the deleted source.' }) }),
    }),
    errors: { union: { name: 'DeleteInboundSourceResult' } },
    description:
      'Deletes the provider-side webhook, then the source. When the provider refuses, the source is kept and the error returned.',
    args: { id: t.arg.id({ required: true, description: 'The source id.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.inbound.delete(ctx.principal.tenant, ctx.providers, decodeInboundId('InboundSource', id, ['id']));
      return { deletedId: id };
    },
  }),
}));
