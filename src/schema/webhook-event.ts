import { LimitExceededError } from '../errors.ts';
import type { EventType } from '../providers/contract.ts';
import { createEventTypeInput, eventTypeName, updateEventTypeInput } from '../providers/local/event-type-input.ts';
import { parseInput } from '../validation/parse-input.ts';
import { builder } from './builder.ts';
import { ProviderEnum } from './provider.ts';

export const WebhookEventRef = builder.objectRef<EventType>('WebhookEvent').implement({
  description: 'An event type a webhook can subscribe to.',
  fields: (t) => ({
    name: t.exposeString('name'),
    provider: t.field({ type: ProviderEnum, resolve: (e) => e.provider }),
    title: t.exposeString('title', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    schema: t.field({ type: 'JSON', nullable: true, description: 'JSON Schema of the payload.', resolve: (e) => e.schema }),
    example: t.field({ type: 'JSON', nullable: true, description: 'A sample payload.', resolve: (e) => e.example }),
  }),
});

builder.queryField('webhookEvents', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: [WebhookEventRef],
    description: "The provider's catalogue of event types.",
    args: { provider: t.arg({ type: ProviderEnum, required: true }) },
    resolve: (_root, { provider }, ctx) => {
      ctx.providers.get(provider); // a provider that is not configured fails with its typed error
      return ctx.loaders.eventTypes.load(provider);
    },
  }),
);

const CreateWebhookEventTypeInput = builder.inputType('CreateWebhookEventTypeInput', {
  description: 'A new type in the LOCAL event catalogue.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'e.g. "invoice.paid": letters, digits and . _ : -' }),
    title: t.string(),
    description: t.string(),
    category: t.string(),
    schema: t.field({ type: 'JSON', description: 'JSON Schema (draft-07) of the payload.' }),
    example: t.field({ type: 'JSON', description: 'A sample payload, valid against the schema; sent by testWebhook.' }),
  }),
});

const UpdateWebhookEventTypeInput = builder.inputType('UpdateWebhookEventTypeInput', {
  description: 'Only the fields given change; null clears one.',
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    category: t.string(),
    schema: t.field({ type: 'JSON' }),
    example: t.field({ type: 'JSON' }),
  }),
});

const EventTypeSuccess = (name: string) =>
  builder.simpleObject(name, { fields: (t) => ({ eventType: t.field({ type: WebhookEventRef }) }) });

builder.mutationFields((t) => ({
  createWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: EventTypeSuccess('CreateWebhookEventTypeSuccess'),
    errors: { types: [LimitExceededError], union: { name: 'CreateWebhookEventTypeResult' } },
    args: { input: t.arg({ type: CreateWebhookEventTypeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const request = parseInput(createEventTypeInput, input, ['input']);
      return { eventType: await ctx.providers.local.createEventType(request) };
    },
  }),
  updateWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: EventTypeSuccess('UpdateWebhookEventTypeSuccess'),
    errors: { union: { name: 'UpdateWebhookEventTypeResult' } },
    args: {
      name: t.arg.string({ required: true }),
      input: t.arg({ type: UpdateWebhookEventTypeInput, required: true }),
    },
    resolve: async (_root, { name, input }, ctx) => {
      const request = parseInput(updateEventTypeInput, input, ['input']);
      return { eventType: await ctx.providers.local.updateEventType(parseInput(eventTypeName, name, ['name']), request) };
    },
  }),
  deleteWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('DeleteWebhookEventTypeSuccess', { fields: (f) => ({ deletedName: f.string() }) }),
    errors: { union: { name: 'DeleteWebhookEventTypeResult' } },
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_root, { name }, ctx) => {
      await ctx.providers.local.deleteEventType(parseInput(eventTypeName, name, ['name']));
      return { deletedName: name };
    },
  }),
}));
