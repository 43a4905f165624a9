import type { Capabilities } from '../providers/contract.ts';
import { PROVIDER_NAMES } from '../providers/provider-name.ts';
import type { ProviderInfo } from '../providers/registry.ts';
import { builder } from './builder.ts';

export const ProviderEnum = builder.enumType('Provider', {
  description: 'Where a webhook lives: LOCAL is Hookgate itself; the others are proxied upstream APIs.',
  values: {
    LOCAL: { description: 'Hookgate itself: its own endpoints, event catalogue and signed deliveries.' },
    BOLT: { description: 'Bolt (payments).' },
    SHIPPO: { description: 'Shippo (shipping).' },
    BLAZE: { description: 'BLAZE partner API (retail point of sale).' },
    UP42: { description: 'UP42 (geospatial orders and jobs).' },
  } satisfies Record<(typeof PROVIDER_NAMES)[number], { description: string }>,
});

const CapabilitiesRef = builder.objectRef<Capabilities>('ProviderCapabilities').implement({
  description: 'Which webhook operations a provider supports, and its limits.',
  fields: (t) => ({
    list: t.exposeBoolean('list', { description: 'Whether its webhooks can be listed.' }),
    get: t.exposeBoolean('get', { description: 'Whether one webhook can be read by id.' }),
    create: t.exposeBoolean('create', { description: 'Whether webhooks can be created.' }),
    update: t.exposeBoolean('update', { description: 'Whether webhooks can be changed (see `updateChangesId`).' }),
    delete: t.exposeBoolean('delete', { description: 'Whether webhooks can be deleted.' }),
    test: t.exposeBoolean('test', { description: 'Whether `testWebhook` works on its webhooks.' }),
    rotateSecret: t.exposeBoolean('rotateSecret', { description: 'Whether `rotateWebhookSecret` works on its webhooks.' }),
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
  description: 'A provider and whether this API key may use it.',
  fields: (t) => ({
    name: t.field({ type: ProviderEnum, description: 'The provider.', resolve: (info) => info.name }),
    configured: t.exposeBoolean('configured', {
      description: 'Whether this key can use it: the gateway has its credentials and the key belongs to the tenant allowed to use them.',
    }),
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
