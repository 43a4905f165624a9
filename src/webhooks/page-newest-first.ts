/**
 * For providers that list every webhook at once (Bolt, Shippo, UP42): Hookgate pages them
 * itself, newest first (createdAt, then externalId), with a cursor per item that names its
 * position rather than its index, so deletions between pages skip or repeat nothing.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { Page, Webhook } from '../providers/contract.ts';
import { LazyCursorEdge } from './lazy-cursor-edge.ts';

interface Position {
  createdMs: number | null;
  id: string;
}

const positionShape = z.tuple([z.number().int().nullable(), z.string().min(1)]);

/**
 * How a listing's items are ordered, and made webhooks: only those on a page are, since a
 * provider's whole list is often several times the page asked for.
 */
export interface ListedItems<T> {
  /** Must agree with the webhook's `createdAt`. */
  createdMs(item: T): number | null;
  /** The webhook's `externalId`. */
  id(item: T): string;
  /** `createdMs` is what createdMs(item) returned. */
  toWebhook(item: T, createdMs: number | null): Webhook;
}

const WEBHOOKS: ListedItems<Webhook> = {
  createdMs: (webhook) => webhook.createdAt?.getTime() ?? null,
  id: (webhook) => webhook.externalId,
  toWebhook: (webhook) => webhook,
};

/** Negative when `a` comes first: newer first, webhooks without a date last, then by id. */
function compare(a: Position, b: Position): number {
  const ta = a.createdMs ?? Number.MIN_SAFE_INTEGER;
  const tb = b.createdMs ?? Number.MIN_SAFE_INTEGER;
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdMs, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [createdMs, id] = positionShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdMs, id };
  } catch {
    throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  }
}

/** A provider's whole list, sorted once, to be paged as often as it is asked for. */
export class NewestFirst<T> {
  readonly #ordered: readonly { item: T; position: Position; webhook: Webhook | null }[];
  readonly #items: ListedItems<T>;

  constructor(items: readonly T[], described: ListedItems<T>) {
    this.#items = described;
    this.#ordered = items
      .map((item) => ({ item, position: { createdMs: described.createdMs(item), id: described.id(item) }, webhook: null }))
      .sort((a, b) => compare(a.position, b.position));
  }

  page(first: number, after: string | null): Page<Webhook> {
    const from = after === null ? null : decodeCursor(after);
    // The first webhook that comes after the cursor's position (it may since have been deleted).
    const start = from === null ? 0 : this.#firstAfter(from);
    return {
      edges: this.#ordered
        .slice(start, start + first)
        .map((entry) => new LazyCursorEdge((entry.webhook ??= this.#items.toWebhook(entry.item, entry.position.createdMs)), entry.position, encodeCursor)),
      hasNextPage: this.#ordered.length > start + first,
    };
  }

  /** Binary search: the index of the first item strictly after `from` in the order. */
  #firstAfter(from: Position): number {
    let low = 0;
    let high = this.#ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.#ordered[middle]!.position, from) > 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

export function pageNewestFirst(webhooks: readonly Webhook[], first: number, after: string | null): Page<Webhook> {
  return new NewestFirst(webhooks, WEBHOOKS).page(first, after);
}
