/**
 * Shippo listings as NewestFirst sorts and pages them. A listing asked for again mostly repeats
 * the previous one, and mapping an item (its dates, the global id cached on its Webhook) costs
 * more than comparing it: an item that reads the same as in the previous listing, every field
 * Shippo sent, keeps its creation time and its Webhook. Each listing is still fetched and
 * parsed whole; only what is derived from an unchanged item is reused.
 */
import type { Webhook } from '../contract.ts';
import { NewestFirst } from '../../webhooks/page-newest-first.ts';
import { type ShippoWebhook, shippoWebhook, timestampMs } from './wire.ts';

interface Listed {
  wire: ShippoWebhook;
  createdMs: number | null;
  webhook: Webhook | null;
}

const FIELDS = Object.keys(shippoWebhook.shape) as (keyof ShippoWebhook)[];

function sameFields(a: ShippoWebhook, b: ShippoWebhook): boolean {
  if (a === b) return true;
  for (const field of FIELDS) if (a[field] !== b[field]) return false;
  return true;
}

export class ListedWebhooks {
  readonly #toWebhook: (wire: ShippoWebhook, createdMs: number | null) => Webhook;
  /** The items of the latest listing, by id: what the next one may reuse. */
  #latest = new Map<string, Listed>();

  constructor(toWebhook: (wire: ShippoWebhook, createdMs: number | null) => Webhook) {
    this.#toWebhook = toWebhook;
  }

  sorted(all: readonly ShippoWebhook[]): NewestFirst<Listed> {
    const previous = this.#latest;
    const latest = new Map<string, Listed>();
    const items = all.map((wire) => {
      const known = previous.get(wire.object_id);
      const item = known !== undefined && sameFields(known.wire, wire) ? known : { wire, createdMs: timestampMs(wire.object_created), webhook: null };
      latest.set(wire.object_id, item);
      return item;
    });
    this.#latest = latest;
    return new NewestFirst(items, {
      createdMs: (item) => item.createdMs,
      id: (item) => item.wire.object_id,
      toWebhook: (item) => (item.webhook ??= this.#toWebhook(item.wire, item.createdMs)),
    });
  }
}
