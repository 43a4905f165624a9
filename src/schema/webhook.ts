import type { Webhook, WebhookScope } from '../providers/contract.ts';
import { parseInput } from '../validation/parse-input.ts';
import { type ProviderFailure, listWebhooks } from '../webhooks/list-webhooks.ts';
import { createWebhookInput, updateWebhookInput, webhookScope } from '../webhooks/webhook-input.ts';
import { decodeWebhookId, encodeWebhookId } from '../webhooks/webhook-id.ts';
import { builder } from './builder.ts';
import { NodeInterface } from './node.ts';
import { PageInfoRef, type PageInfoShape, pageInfo } from './page-info.ts';
import { ProviderEnum } from './provider.ts';
import { WebhookEventRef } from './webhook-event.ts';

const ALL_EVENTS = '*';

export const WebhookScopeRef = builder.objectRef<WebhookScope>('WebhookScope').implement({
  description: 'Where the webhook lives at its provider.',
  fields: (t) => ({
    divisionId: t.string({ nullable: true, description: 'Bolt division.', resolve: (s) => s.divisionId ?? null }),
    shopId: t.string({ nullable: true, description: 'BLAZE shop.', resolve: (s) => s.shopId ?? null }),
    companyId: t.string({ nullable: true, description: 'BLAZE company.', resolve: (s) => s.companyId ?? null }),
    workspaceId: t.string({ nullable: true, description: 'UP42 workspace.', resolve: (s) => s.workspaceId ?? null }),
  }),
});

export const WebhookScopeInput = builder.inputType('WebhookScopeInput', {
  fields: (t) => ({
    divisionId: t.string(),
    shopId: t.string(),
    companyId: t.string(),
    workspaceId: t.string(),
  }),
});

export const WebhookRef = builder.objectRef<Webhook>('Webhook').implement({
  description: 'A webhook subscription at one provider.',
  interfaces: [NodeInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'externalId' in value,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (w) => w.provider }),
    externalId: t.exposeString('externalId', { description: "The provider's own id." }),
    url: t.exposeString('url', { description: 'The first (for most providers, the only) target URL.' }),
    urls: t.exposeStringList('urls', { description: 'Every target URL.' }),
    name: t.exposeString('name', { nullable: true }),
    events: t.exposeStringList('events', { description: 'Subscribed event-type names; "*" means all.' }),
    eventTypes: t.field({
      type: [WebhookEventRef],
      description: 'The subscribed event types, from the provider catalogue.',
      resolve: async (w, _args, ctx) => {
        const catalogue = await ctx.loaders.eventTypes.load(w.provider);
        if (w.events.includes(ALL_EVENTS)) return catalogue;
        const byName = new Map(catalogue.map((type) => [type.name, type]));
        // An event the catalogue does not list (providers whose enum is open) still shows, by name.
        return w.events.map(
          (name) =>
            byName.get(name) ?? {
              provider: w.provider,
              name,
              title: null,
              description: null,
              category: null,
              schema: null,
              example: null,
            },
        );
      },
    }),
    active: t.exposeBoolean('active'),
    isTest: t.exposeBoolean('isTest'),
    hasSecret: t.exposeBoolean('hasSecret', { description: 'A secret is shown once, when created or rotated.' }),
    disabledReason: t.string({
      nullable: true,
      description: 'Why Hookgate switched this endpoint off (410 Gone, failing for days); set active: true to resume.',
      resolve: (w) => w.disabledReason ?? null,
    }),
    scope: t.field({ type: WebhookScopeRef, nullable: true, resolve: (w) => w.scope }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (w) => w.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (w) => w.updatedAt }),
  }),
});

const ProviderErrorRef = builder.objectRef<ProviderFailure>('ProviderError').implement({
  description: 'A provider that could not be listed; the rest of the page is still valid.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (f) => f.provider }),
    code: t.string({ resolve: (f) => f.error.code }),
    message: t.string({ resolve: (f) => f.error.message }),
    status: t.int({ nullable: true, resolve: (f) => ('status' in f.error ? (f.error.status as number | null) : null) }),
    retryable: t.boolean({ resolve: (f) => ('retryable' in f.error ? Boolean(f.error.retryable) : false) }),
  }),
});

interface WebhookEdgeShape {
  node: Webhook;
  cursor: string;
}

interface WebhookConnectionShape {
  edges: WebhookEdgeShape[];
  pageInfo: PageInfoShape;
  providerErrors: ProviderFailure[];
}

const WebhookEdgeRef = builder.objectRef<WebhookEdgeShape>('WebhookEdge').implement({
  fields: (t) => ({
    node: t.field({ type: WebhookRef, resolve: (e) => e.node }),
    cursor: t.exposeString('cursor'),
  }),
});

const WebhookConnectionRef = builder.objectRef<WebhookConnectionShape>('WebhookConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WebhookEdgeRef], resolve: (c) => c.edges }),
    nodes: t.field({ type: [WebhookRef], resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
    providerErrors: t.field({
      type: [ProviderErrorRef],
      description: 'Providers that failed while listing every provider; empty when all answered.',
      resolve: (c) => c.providerErrors,
    }),
  }),
});

// Built once: a zod schema costs more to construct than to run.
const optionalWebhookScope = webhookScope.nullish();

builder.queryFields((t) => ({
  webhooks: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: WebhookConnectionRef,
    description: 'Webhooks newest first: of one provider, or of every configured provider merged.',
    args: {
      provider: t.arg({ type: ProviderEnum }),
      scope: t.arg({ type: WebhookScopeInput }),
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const scope = parseInput(optionalWebhookScope, args.scope, ['scope']) ?? null;
      const providers = args.provider ? [ctx.providers.get(args.provider)] : ctx.providers.configured();
      const listing = await listWebhooks(providers, { scope, first: args.first, after: args.after });
      return {
        edges: listing.edges,
        pageInfo: pageInfo(listing.edges, listing.hasNextPage, args.after),
        providerErrors: listing.providerErrors,
      };
    },
  }),
  webhook: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: WebhookRef,
    nullable: true,
    description: 'One webhook by id; null when it does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.webhook.load(decodeWebhookId(id)),
  }),
}));

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, required: true }),
    url: t.string({ required: true, description: 'http or https, at most 2048 characters.' }),
    urls: t.stringList({ description: 'More target URLs, where the provider allows several (BLAZE).' }),
    name: t.string(),
    events: t.stringList({ required: true, description: 'Event-type names, or ["*"] for all.' }),
    active: t.boolean({ description: 'Default true.' }),
    isTest: t.boolean({ description: 'Default false.' }),
    secret: t.string({
      description: 'LOCAL: whsec_ + base64 of 24 to 64 bytes. UP42: any string. Generated when left out; others refuse one.',
    }),
    scope: t.field({ type: WebhookScopeInput }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    url: t.string(),
    urls: t.stringList(),
    name: t.string({ description: 'null clears the name.' }),
    events: t.stringList(),
    active: t.boolean(),
    isTest: t.boolean(),
  }),
});

const CreateWebhookSuccess = builder.simpleObject('CreateWebhookSuccess', {
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef }),
    secret: t.string({ nullable: true, description: 'Shown this once; store it to verify deliveries.' }),
  }),
});

const UpdateWebhookSuccess = builder.simpleObject('UpdateWebhookSuccess', {
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef }),
    previousId: t.id({
      nullable: true,
      description: 'Set when the update gave the webhook a new id (providers without an update operation).',
    }),
  }),
});

const DeleteWebhookSuccess = builder.simpleObject('DeleteWebhookSuccess', {
  fields: (t) => ({ deletedId: t.id() }),
});

const RotateWebhookSecretSuccess = builder.simpleObject('RotateWebhookSecretSuccess', {
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef }),
    secret: t.string({
      description:
        'The new secret, shown this once. LOCAL keeps signing with the old one too for HOOKGATE_ROTATION_OVERLAP_MS; upstream providers switch at once.',
    }),
  }),
});

function resultUnion(name: string) {
  return { union: { name } };
}

builder.mutationFields((t) => ({
  createWebhook: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: CreateWebhookSuccess,
    errors: resultUnion('CreateWebhookResult'),
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const provider = ctx.providers.get(input.provider);
      const request = parseInput(createWebhookInput, input, ['input']);
      return provider.create(request);
    },
  }),
  updateWebhook: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: UpdateWebhookSuccess,
    errors: resultUnion('UpdateWebhookResult'),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateWebhookInput, required: true }),
    },
    resolve: async (_root, { id, input }, ctx) => {
      const ref = decodeWebhookId(id);
      const provider = ctx.providers.get(ref.provider);
      const request = parseInput(updateWebhookInput, input, ['input']);
      const webhook = await provider.update(ref, request);
      const newId = encodeWebhookId(webhook);
      return { webhook, previousId: newId === id ? null : id };
    },
  }),
  deleteWebhook: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: DeleteWebhookSuccess,
    errors: resultUnion('DeleteWebhookResult'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const ref = decodeWebhookId(id);
      await ctx.providers.get(ref.provider).delete(ref);
      return { deletedId: id };
    },
  }),
  rotateWebhookSecret: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: RotateWebhookSecretSuccess,
    errors: resultUnion('RotateWebhookSecretResult'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const ref = decodeWebhookId(id);
      return ctx.providers.get(ref.provider).rotateSecret(ref);
    },
  }),
}));
