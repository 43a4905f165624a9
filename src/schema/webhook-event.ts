import { LimitExceededError } from '../errors.ts';
import type { EventType } from '../providers/contract.ts';
import { createEventTypeInput, eventTypeName, updateEventTypeInput } from '../providers/local/event-type-input.ts';
import { parseInput } from '../validation/parse-input.ts';
import { builder } from './builder.ts';
import { ProviderEnum } from './provider.ts';

export const WebhookEventRef = builder.objectRef<EventType>('WebhookEvent').implement({
  description: 'An event type a webhook can subscribe to.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What `events` lists, e.g. "invoice.paid".' }),
    provider: t.field({ type: ProviderEnum, description: 'Whose catalogue it belongs to.', resolve: (e) => e.provider }),
    title: t.exposeString('title', { nullable: true, description: 'A short human name.' }),
    description: t.exposeString('description', { nullable: true, description: 'When it is sent and what it means.' }),
    category: t.exposeString('category', { nullable: true, description: 'A group, for listing.' }),
    schema: t.field({ type: 'JSON', nullable: true, description: 'JSON Schema of the payload.', resolve: (e) => e.schema }),
    example: t.field({ type: 'JSON', nullable: true, description: 'A sample payload.', resolve: (e) => e.example }),
  }),
});

builder.queryField('webhookEvents', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: [WebhookEventRef],
    description: "The provider's catalogue of event types.",
    args: { provider: t.arg({ type: ProviderEnum, required: true, description: 'Whose catalogue.' }) },
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
    title: t.string({ description: 'A short human name.' }),
    description: t.string({ description: 'When it is sent and what it means.' }),
    category: t.string({ description: 'A group, for listing.' }),
    schema: t.field({ type: 'JSON', description: 'JSON Schema (draft-07) of the payload.' }),
    example: t.field({ type: 'JSON', description: 'A sample payload, valid against the schema; sent by testWebhook.' }),
  }),
});

const UpdateWebhookEventTypeInput = builder.inputType('UpdateWebhookEventTypeInput', {
  description: 'Only the fields given change; null clears one.',
  fields: (t) => ({
    title: t.string({ description: 'A short human name.' }),
    description: t.string({ description: 'When it is sent and what it means.' }),
    category: t.string({ description: 'A group, for listing.' }),
    schema: t.field({ type: 'JSON', description: 'JSON Schema (draft-07) of the payload; published payloads are checked against it.' }),
    example: t.field({ type: 'JSON', description: 'A sample payload, valid against the schema; sent by testWebhook.' }),
  }),
});

const EventTypeSuccess = (name: string) =>
  builder.simpleObject(name, {
    description: 'The change to the LOCAL catalogue was made.',
    fields: (t) => ({ eventType: t.field({ type: WebhookEventRef, description: 'The event type as it is now.' }) }),
  });

builder.mutationFields((t) => ({
  createWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: EventTypeSuccess('CreateWebhookEventTypeSuccess'),
    errors: { types: [LimitExceededError], union: { name: 'CreateWebhookEventTypeResult' } },
    description: 'Adds an event type to the LOCAL catalogue, so endpoints can subscribe to it and events of it can be published.',
    args: { input: t.arg({ type: CreateWebhookEventTypeInput, required: true, description: 'The event type to add.' }) },
    resolve: async (_root, { input }, ctx) => {
      const request = parseInput(createEventTypeInput, input, ['input']);
      return { eventType: await ctx.providers.local.createEventType(request) };
    },
  }),
  updateWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: EventTypeSuccess('UpdateWebhookEventTypeSuccess'),
    errors: { union: { name: 'UpdateWebhookEventTypeResult' } },
    description: 'Changes an event type of the LOCAL catalogue.',
    args: {
      name: t.arg.string({ required: true, description: 'The event type to change.' }),
      input: t.arg({ type: UpdateWebhookEventTypeInput, required: true, description: 'The fields to change.' }),
    },
    resolve: async (_root, { name, input }, ctx) => {
      const request = parseInput(updateEventTypeInput, input, ['input']);
      return { eventType: await ctx.providers.local.updateEventType(parseInput(eventTypeName, name, ['name']), request) };
    },
  }),
  deleteWebhookEventType: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('DeleteWebhookEventTypeSuccess', {
      description: 'The event type was removed from the LOCAL catalogue.',
      fields: (f) => ({ deletedName: f.string({ description: 'The name it had.' }) }),
    }),
    errors: { union: { name: 'DeleteWebhookEventTypeResult' } },
    description: 'Removes an event type from the LOCAL catalogue.',
    args: { name: t.arg.string({ required: true, description: 'The event type to remove.' }) },
    resolve: async (_root, { name }, ctx) => {
      await ctx.providers.local.deleteEventType(parseInput(eventTypeName, name, ['name']));
      return { deletedName: name };
    },
  }),
}));
