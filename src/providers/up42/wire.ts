/**
 * UP42's wire format (workspace webhooks API, see shared/upstream/up42): zod schemas of the
 * bodies it answers and the body it accepts. Every answer is wrapped in `{ data, error }`.
 */
import { z } from 'zod';

const optionalText = z.string().nullish();

/** `error` of the envelope: `{ code, message, details }`; null on success. */
export const up42ErrorShape = z.object({
  code: z.union([z.number(), z.string()]).nullish(),
  message: optionalText,
  details: z.unknown(),
});

/** `{ data, error }`. `data` may be null when `error` is set, which the caller turns into a failure. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ data: data.nullable(), error: up42ErrorShape.nullish() });
}

/**
 * The docs' examples write `["job.status, order.status"]` (one comma-joined string) while
 * the SDK fixtures use one string per event; accept both.
 */
const eventNames = z
  .array(z.string())
  .transform((events) => [...new Set(events.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== ''))]);

export const up42Webhook = z.object({
  id: z.string().min(1),
  url: z.string(),
  // Required by the docs; tolerated when missing since the adapter derives one anyway.
  name: optionalText,
  active: z.boolean(),
  events: eventNames,
  /** Clear text, "" when unset. Read only to send it back on full replacement; never exposed. */
  secret: optionalText,
  createdAt: optionalText,
  updatedAt: optionalText,
});
export type Up42Webhook = z.output<typeof up42Webhook>;

export const up42Event = z.object({
  name: z.string().min(1),
  title: optionalText,
  category: optionalText,
  description: optionalText,
  documentation: optionalText,
});
export type Up42Event = z.output<typeof up42Event>;

/** The item shape of `tests` is not documented: items are kept as they come and read liberally. */
export const up42TestRun = z.object({
  startedAt: optionalText,
  testsRun: z.number().int().nonnegative().nullish(),
  testsSucceeded: z.number().int().nonnegative().nullish(),
  testsFailed: z.number().int().nonnegative().nullish(),
  tests: z.array(z.unknown()).nullish(),
});
export type Up42TestRun = z.output<typeof up42TestRun>;

/** Body of create and of update (full replacement): the SDK always sends all five fields. */
export interface Up42WebhookInput {
  events: string[];
  name: string;
  url: string;
  secret: string;
  active: boolean;
}

/** Keycloak's token answer (password grant). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  // Keycloak always sends it; when absent the adapter assumes Keycloak's default lifespan.
  expires_in: z.number().positive().nullish(),
});

/** Keycloak's error body: `{ error, error_description }`. */
export const tokenError = z.object({ error: optionalText, error_description: optionalText });

const MAX_DESCRIBED_LENGTH = 300;

/** UP42's human message from an error body (`error.message`), for the gateway's error text. */
export function describeUp42Error(body: unknown): string | null {
  const parsed = z.object({ error: up42ErrorShape.nullish() }).safeParse(body);
  const message = parsed.success ? parsed.data.error?.message?.trim() : undefined;
  if (!message) return null;
  return message.length > MAX_DESCRIBED_LENGTH ? `${message.slice(0, MAX_DESCRIBED_LENGTH)}…` : message;
}
