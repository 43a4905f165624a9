import type { Capabilities } from '../providers/contract.ts';
import { PROVIDER_NAMES } from '../providers/provider-name.ts';
import type { ProviderInfo } from '../providers/registry.ts';
import { builder } from './builder.ts';

export const ProviderEnum = builder.enumType('Provider', {
  description: 'Where a webhook lives: LOCAL is Hookgate itself; the others are proxied upstream APIs.',
  values: PROVIDER_NAMES,
});

const CapabilitiesRef = builder.objectRef<Capabilities>('ProviderCapabilities').implement({
  fields: (t) => ({
    list: t.exposeBoolean('list'),
    get: t.exposeBoolean('get'),
    create: t.exposeBoolean('create'),
    update: t.exposeBoolean('update'),
    delete: t.exposeBoolean('delete'),
    test: t.exposeBoolean('test'),
    rotateSecret: t.exposeBoolean('rotateSecret'),
    multipleUrls: t.exposeBoolean('multipleUrls', { description: 'Whether one webhook may target several URLs.' }),
    maxEventsPerWebhook: t.exposeInt('maxEventsPerWebhook', {
      nullable: true,
      description: 'The most event types one webhook may subscribe to; null when unbounded.',
    }),
    updateChangesId: t.exposeBoolean('updateChangesId', {
      description: 'Whether updating a webhook gives it a new id (the provider has no update; it is emulated).',
    }),
  }),
});

const ProviderInfoRef = builder.objectRef<ProviderInfo>('ProviderInfo').implement({
  fields: (t) => ({
    name: t.field({ type: ProviderEnum, resolve: (info) => info.name }),
    configured: t.exposeBoolean('configured'),
    capabilities: t.field({
      type: CapabilitiesRef,
      nullable: true,
      description: 'What the provider supports; null while it is not configured.',
      resolve: (info) => info.capabilities,
    }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: [ProviderInfoRef],
    description: 'Every provider the gateway knows, configured or not.',
    resolve: (_root, _args, ctx) => ctx.providers.info(),
  }),
);
