/**
 * Bolt's wire format for `/v1/webhooks*` (shared/upstream/bolt/openapi.webhooks.yaml), as zod
 * schemas of what Bolt answers and types of what we send.
 */
import { z } from 'zod';

/** The `webhooks_type` enum: every event a Bolt webhook can subscribe to. */
export const BOLT_EVENT_NAMES = [
  'payment',
  'credit',
  'capture',
  'void',
  'auth',
  'pending',
  'rejected_irreversible',
  'rejected_reversible',
  'failed_payment',
  'newsletter_subscription',
  'risk_insights',
  'credit_card_deleted',
] as const;

export type BoltEventName = (typeof BOLT_EVENT_NAMES)[number];

export function isBoltEventName(name: string): name is BoltEventName {
  return (BOLT_EVENT_NAMES as readonly string[]).includes(name);
}

// Liberal on purpose: `event_group` is documented as `all` | 'null' | null, and `events` as the
// 12-value enum; an event type Bolt adds later must not make a whole listing unreadable.
export const boltWebhook = z.object({
  webhook_id: z.string().min(1),
  created_at: z.number(),
  url: z.string(),
  event_group: z.string().nullish(),
  events: z.array(z.string()).nullish(),
});

export type BoltWebhook = z.output<typeof boltWebhook>;

// The spec declares no required fields here; an empty division may come back without the array.
export const boltWebhookList = z.object({ webhooks: z.array(boltWebhook).nullish() });

export const boltCreated = z.object({ webhook_id: z.string().min(1) });

/** The create body: `oneOf` event_group_create_webhook / events_array_create_webhook. */
export type BoltCreateBody =
  | { division_id: string; url: string; event_group: 'all' }
  | { division_id: string; url: string; events: BoltEventName[] };

const boltErrorBody = z.object({
  errors: z.array(z.object({ code: z.number().nullish(), message: z.string().nullish() }).loose()),
});

/** Joins the messages of Bolt's `{errors:[{code,message}], result}` body; null for any other shape. */
export function describeBoltError(body: unknown): string | null {
  const parsed = boltErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const messages = parsed.data.errors.flatMap((e) => (e.message ? [e.code ? `${e.message} (${e.code})` : e.message] : []));
  return messages.length > 0 ? messages.join('; ') : null;
}
