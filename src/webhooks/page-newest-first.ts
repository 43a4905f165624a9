/**
 * For providers that list every webhook at once (Bolt, Shippo, UP42): Hookgate pages them
 * itself, newest first (createdAt, then externalId), with a cursor per item that names its
 * position rather than its index, so deletions between pages skip or repeat nothing.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { Page, Webhook } from '../providers/contract.ts';

interface Position {
  createdMs: number | null;
  id: string;
}

const positionShape = z.tuple([z.number().int().nullable(), z.string().min(1)]);

function positionOf(webhook: Webhook): Position {
  return { createdMs: webhook.createdAt?.getTime() ?? null, id: webhook.externalId };
}

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

export function pageNewestFirst(webhooks: readonly Webhook[], first: number, after: string | null): Page<Webhook> {
  const from = after === null ? null : decodeCursor(after);
  const ordered = webhooks
    .map((webhook) => ({ webhook, position: positionOf(webhook) }))
    .filter((item) => from === null || compare(item.position, from) > 0)
    .sort((a, b) => compare(a.position, b.position));
  return {
    edges: ordered.slice(0, first).map((item) => ({
      node: item.webhook,
      get cursor() {
        return encodeCursor(item.position);
      },
    })),
    hasNextPage: ordered.length > first,
  };
}
