import type { EndpointPatch, EventTypePatch } from './store.ts';

/** The column each patchable field is stored in; both stores share one table layout. */
export const ENDPOINT_COLUMNS: Record<keyof EndpointPatch, string> = {
  url: 'url',
  name: 'name',
  events: 'events',
  active: 'active',
  isTest: 'is_test',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretExpiresAt: 'previous_secret_expires_at',
  disabledReason: 'disabled_reason',
};

export const EVENT_TYPE_COLUMNS: Record<keyof EventTypePatch, string> = {
  title: 'title',
  description: 'description',
  category: 'category',
  schema: 'schema',
  example: 'example',
};
