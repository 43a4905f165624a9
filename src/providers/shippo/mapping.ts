/** Shippo webhooks as Hookgate webhooks. */
import type { Webhook } from '../contract.ts';
import { ALL_EVENTS } from './input-rules.ts';
import { SHIPPO_ALL_EVENTS, type ShippoWebhook, isActive, isTestMode, timestamp } from './wire.ts';

/** `createdMs`: the creation time already parsed (a listing sorts by it), when there is one. */
export function toWebhook(wire: ShippoWebhook, hasSecret: boolean, createdMs?: number | null): Webhook {
  return {
    provider: 'SHIPPO',
    externalId: wire.object_id,
    scope: null,
    url: wire.url,
    urls: [wire.url],
    name: null,
    events: [wire.event === SHIPPO_ALL_EVENTS ? ALL_EVENTS : wire.event],
    active: isActive(wire),
    isTest: isTestMode(wire),
    hasSecret,
    createdAt: timestamp(wire.object_created, createdMs),
    updatedAt: timestamp(wire.object_updated),
  };
}
