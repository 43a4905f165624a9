/**
 * Shippo's wire format for the webhook endpoints (openapi.webhooks.yaml, reconstructed from the
 * generated SDKs). Bodies are parsed liberally: unknown fields are dropped, optional fields get
 * Shippo's defaults, and a date that does not parse becomes null rather than failing the call.
 */
import { z } from 'zod';
import { dateFromIsoText } from '../../util/iso-date.ts';

/** WebhookEventTypeEnum; `all` is Shippo's wildcard. */
export const SHIPPO_EVENTS = [
  'transaction_created',
  'transaction_updated',
  'track_updated',
  'batch_created',
  'batch_purchased',
  'all',
] as const;

export type ShippoEvent = (typeof SHIPPO_EVENTS)[number];

export const SHIPPO_ALL_EVENTS = 'all';

/** The docs say a webhook URL "must be under 200 characters". */
export const SHIPPO_MAX_URL_LENGTH = 199;

// No transforms here: a listing parses hundreds of these, and a zod transform costs more than
// the field's check. Defaults and dates are applied where the fields are read (below).
export const shippoWebhook = z.object({
  // readOnly and optional in the spec, but without it a webhook cannot be addressed at all.
  object_id: z.string().min(1),
  // A plain string in the response model (not the enum), so future events pass through.
  event: z.string(),
  url: z.string(),
  // Optional in the spec; Shippo's documented defaults apply when they are left out.
  active: z.boolean().nullish(),
  is_test: z.boolean().nullish(),
  object_created: z.string().nullish(),
  object_updated: z.string().nullish(),
  object_owner: z.string().nullish(),
});

export type ShippoWebhook = z.output<typeof shippoWebhook>;

/** `active` with Shippo's documented default. */
export const isActive = (webhook: ShippoWebhook): boolean => webhook.active ?? true;

/** `is_test` with Shippo's documented default. */
export const isTestMode = (webhook: ShippoWebhook): boolean => webhook.is_test ?? false;

/**
 * A timestamp as a Date; one that is missing or does not parse is null rather than a failed call.
 * `ms` is timestampMs(value) when the caller has it already.
 */
export function timestamp(value: string | null | undefined, ms = timestampMs(value)): Date | null {
  return ms === null || !value ? null : dateFromIsoText(ms, value);
}

/** The same as `timestamp`, in milliseconds: no Date allocated, for sorting a whole listing. */
export function timestampMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const paginatedList = z.object({
  // Documented as string URLs; DRF-style APIs send null on the last page.
  next: z.string().nullish(),
  previous: z.string().nullish(),
  count: z.number().int().nullish(),
  results: z.array(shippoWebhook),
});

/**
 * WebhookPaginatedList. The spec is a reconstruction of a "beta" API, so a bare array of
 * webhooks is accepted too: pagedWebhookList reads it as one complete page before this checks it.
 *
 * Not a z.preprocess: zod cannot tell that a transform does not close a cycle, so it memoizes
 * every object of a parse containing one, in WeakMaps keyed by the input objects, and V8's
 * young-generation GC keeps such entries alive: every parsed listing was copied into the old
 * generation (most of the gateway's GC time on an uncached listing, bench/proxy).
 */
export const shippoWebhookList = paginatedList;

export type ShippoWebhookList = z.output<typeof shippoWebhookList>;

/** A bare array of webhooks as one complete page; anything else as it is. */
export function pagedWebhookList(body: unknown): unknown {
  return Array.isArray(body) ? { next: null, previous: null, count: body.length, results: body } : body;
}

/** WebhookUpdateRequest: the body of both create (POST) and full-replace update (PUT). */
export interface ShippoWebhookRequest {
  /** A ShippoEvent, except when an update keeps an event Shippo reported outside its enum. */
  event: string;
  url: string;
  active: boolean;
  is_test: boolean;
}
