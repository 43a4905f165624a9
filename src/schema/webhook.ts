import { LimitExceededError } from '../errors.ts';
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
  description: "Where at the provider; each provider reads its own field and falls back to the gateway's configured default.",
  fields: (t) => ({
    divisionId: t.string({ description: 'Bolt division (default BOLT_DIVISION_ID).' }),
    shopId: t.string({ description: 'BLAZE shop (default BLAZE_SHOP_ID).' }),
    companyId: t.string({ description: 'BLAZE company.' }),
    workspaceId: t.string({ description: 'UP42 workspace (default UP42_WORKSPACE_ID).' }),
  }),
});

export const WebhookRef = builder.objectRef<Webhook>('Webhook').implement({
  description: 'A webhook subscription at one provider.',
  interfaces: [NodeInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'externalId' in value,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'Where the webhook lives.', resolve: (w) => w.provider }),
    externalId: t.exposeString('externalId', { description: "The provider's own id." }),
    url: t.exposeString('url', { description: 'The first (for most providers, the only) target URL.' }),
    urls: t.exposeStringList('urls', { description: 'Every target URL.' }),
    name: t.exposeString('name', { nullable: true, description: 'A label of your choice, where the provider keeps one.' }),
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
    active: t.exposeBoolean('active', { description: 'Whether events are sent to it.' }),
    isTest: t.exposeBoolean('isTest', { description: 'Marked as a test webhook (Shippo: receives test-mode events).' }),
    hasSecret: t.exposeBoolean('hasSecret', { description: 'A secret is shown once, when created or rotated.' }),
    disabledReason: t.string({
      nullable: true,
      description: 'Why Hookgate switched this endpoint off (410 Gone, failing for days); set active: true to resume.',
      resolve: (w) => w.disabledReason ?? null,
    }),
    scope: t.field({ type: WebhookScopeRef, nullable: true, description: 'Where it lives at its provider; null when the provider has no such notion.', resolve: (w) => w.scope }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was created; null when the provider does not say.', resolve: (w) => w.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it last changed; null when the provider does not say.', resolve: (w) => w.updatedAt }),
  }),
});

const ProviderErrorRef = builder.objectRef<ProviderFailure>('ProviderError').implement({
  description: 'A provider that could not be listed; the rest of the page is still valid.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider that failed.', resolve: (f) => f.provider }),
    code: t.string({ description: 'The error code, as in `Error.code`.', resolve: (f) => f.error.code }),
    message: t.string({ description: 'What went wrong.', resolve: (f) => f.error.message }),
    status: t.int({ nullable: true, description: 'The upstream HTTP status, if one arrived.', resolve: (f) => ('status' in f.error ? (f.error.status as number | null) : null) }),
    retryable: t.boolean({ description: 'Whether trying again later may succeed.', resolve: (f) => ('retryable' in f.error ? Boolean(f.error.retryable) : false) }),
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
  description: 'One webhook of a page, with its cursor.',
  fields: (t) => ({
    node: t.field({ type: WebhookRef, description: 'The webhook.', resolve: (e) => e.node }),
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this webhook.' }),
  }),
});

const WebhookConnectionRef = builder.objectRef<WebhookConnectionShape>('WebhookConnection').implement({
  description: 'A page of webhooks, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [WebhookEdgeRef], description: 'The webhooks of this page with their cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [WebhookRef], description: 'The webhooks of this page.', resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, description: 'Where this page sits.', resolve: (c) => c.pageInfo }),
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
      provider: t.arg({ type: ProviderEnum, description: 'Only this provider; default every configured one, merged.' }),
      scope: t.arg({ type: WebhookScopeInput, description: "Where at the provider; default the gateway's configured scope." }),
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const scope = parseInput(optionalWebhookScope, args.scope, ['scope']) ?? null;
      const providers = args.provider ? [ctx.providers.get(args.provider)] : ctx.providers.configured();
      const listing = await listWebhooks(providers, { scope, first: args.first, after: args.after });
      ctx.reads?.report(listing.fresh);
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
    args: { id: t.arg.id({ required: true, description: 'The webhook id.' }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.webhook.load(decodeWebhookId(id)),
  }),
}));

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A new webhook at one provider.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, required: true, description: 'Where to create it.' }),
    url: t.string({ required: true, description: 'http or https, at most 2048 characters.' }),
    urls: t.stringList({ description: 'More target URLs, where the provider allows several (BLAZE).' }),
    name: t.string({ description: 'A label of your choice.' }),
    events: t.stringList({ required: true, description: 'Event-type names, or ["*"] for all.' }),
    active: t.boolean({ description: 'Default true.' }),
    isTest: t.boolean({ description: 'Default false.' }),
    secret: t.string({
      description: 'LOCAL: whsec_ + base64 of 24 to 64 bytes. UP42: any string. Generated when left out; others refuse one.',
    }),
    scope: t.field({ type: WebhookScopeInput, description: "Where at the provider; default the gateway's configured scope." }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    url: t.string({ description: 'The new target URL.' }),
    urls: t.stringList({ description: 'The new list of extra target URLs (BLAZE).' }),
    name: t.string({ description: 'null clears the name.' }),
    events: t.stringList({ description: 'The new event-type names, or ["*"] for all.' }),
    active: t.boolean({ description: 'false pauses deliveries; true resumes them (and re-enables a disabled endpoint).' }),
    isTest: t.boolean({ description: 'Marks it as a test webhook.' }),
  }),
});

const CreateWebhookSuccess = builder.simpleObject('CreateWebhookSuccess', {
  description: 'The webhook was created.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The new webhook.' }),
    secret: t.string({ nullable: true, description: 'Shown this once; store it to verify deliveries.' }),
  }),
});

const UpdateWebhookSuccess = builder.simpleObject('UpdateWebhookSuccess', {
  description: 'The webhook was changed.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The webhook as it is now.' }),
    previousId: t.id({
      nullable: true,
      description: 'Set when the update gave the webhook a new id (providers without an update operation).',
    }),
  }),
});

const DeleteWebhookSuccess = builder.simpleObject('DeleteWebhookSuccess', {
  description: 'The webhook was deleted.',
  fields: (t) => ({ deletedId: t.id({ description: 'The id it had.' }) }),
});

const RotateWebhookSecretSuccess = builder.simpleObject('RotateWebhookSecretSuccess', {
  description: 'The webhook has a new signing secret.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The webhook.' }),
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
    errors: { types: [LimitExceededError], ...resultUnion('CreateWebhookResult') },
    description: 'Creates a webhook at a provider. Its secret is in the answer, and only there.',
    args: { input: t.arg({ type: CreateWebhookInput, required: true, description: 'The webhook to create.' }) },
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
    description: 'Changes the fields given. Bolt has no update: the webhook is replaced and gets a new id (`previousId`).',
    args: {
      id: t.arg.id({ required: true, description: 'The webhook to change.' }),
      input: t.arg({ type: UpdateWebhookInput, required: true, description: 'The fields to change.' }),
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
    description: 'Deletes a webhook at its provider; LOCAL deliveries still pending for it are dropped.',
    args: { id: t.arg.id({ required: true, description: 'The webhook to delete.' }) },
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
    description: 'Gives the webhook a new signing secret, shown once in the answer (LOCAL and UP42).',
    args: { id: t.arg.id({ required: true, description: 'The webhook whose secret to replace.' }) },
    resolve: async (_root, { id }, ctx) => {
      const ref = decodeWebhookId(id);
      return ctx.providers.get(ref.provider).rotateSecret(ref);
    },
  }),
}));
