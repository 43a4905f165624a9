/** Shippo webhooks as Hookgate webhooks. */
import type { Webhook } from '../contract.ts';
import { ALL_EVENTS } from './input-rules.ts';
import { SHIPPO_ALL_EVENTS, type ShippoWebhook } from './wire.ts';

export function toWebhook(wire: ShippoWebhook, hasSecret: boolean): Webhook {
  return {
    provider: 'SHIPPO',
    externalId: wire.object_id,
    scope: null,
    url: wire.url,
    urls: [wire.url],
    name: null,
    events: [wire.event === SHIPPO_ALL_EVENTS ? ALL_EVENTS : wire.event],
    active: wire.active,
    isTest: wire.is_test,
    hasSecret,
    createdAt: wire.object_created,
    updatedAt: wire.object_updated,
  };
}
