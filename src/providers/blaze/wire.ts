/**
 * BLAZE Partner API wire format (swagger "BLAZE Developer API", /api/v1/partner/webHooks).
 * The swagger marks no field of PartnerWebHook as required; only `id` is needed to address a
 * webhook again, so everything else is accepted when missing or null, and fields BLAZE may add
 * later are ignored rather than failing the call.
 */
import { z } from 'zod';
import { pathSegment } from '../upstream/path-segment.ts';

export const WEBHOOKS_PATH = '/api/v1/partner/webHooks';

export function webhookPath(id: string): string {
  return `${WEBHOOKS_PATH}/${pathSegment(id)}`;
}

export const partnerWebHook = z.object({
  id: z.string().min(1),
  created: z.number().nullish(),
  modified: z.number().nullish(),
  deleted: z.boolean().nullish(),
  updated: z.boolean().nullish(),
  dirty: z.boolean().nullish(),
  companyId: z.string().nullish(),
  shopId: z.string().nullish(),
  url: z.string().nullish(),
  // An open set: the swagger enum is older than the values BLAZE documents elsewhere.
  webHookType: z.string().nullish(),
  webHookUrls: z.array(z.string()).nullish(),
});

export type PartnerWebHook = z.output<typeof partnerWebHook>;

/** `SearchResult<PartnerWebHook>`: offset pagination echoing `skip` and `limit`. */
export const searchResultPartnerWebHook = z.object({
  values: z.array(partnerWebHook).nullish(),
  skip: z.number().int().nullish(),
  limit: z.number().int().nullish(),
  total: z.number().int().nullish(),
});

/** Body of POST /api/v1/partner/webHooks. */
export interface PartnerWebHookAddRequest {
  webHookType: string;
  webHookUrls: string[];
  url?: string;
  shopId?: string;
}

/** Body of PUT /api/v1/partner/webHooks/{id}: the full PartnerWebHook, documented fields only. */
export type PartnerWebHookBody = {
  [K in keyof PartnerWebHook]?: Exclude<PartnerWebHook[K], null | undefined>;
};

const MAX_ERROR_DETAIL = 300;

/**
 * BLAZE's errors are inconsistent: the swagger promises `{field, message, errorType}`, the
 * current docs show `{error, message, status}`; a list of such objects (the first is shown) or
 * plain text from a proxy are possible too. An HTML error page says nothing useful: left out.
 * (UpstreamClient redacts credentials from what is shown.)
 */
export function describeBlazeError(body: unknown): string | null {
  let text: string | null = null;
  if (Array.isArray(body)) return body.length > 0 ? describeBlazeError(body[0]) : null;
  if (typeof body === 'string') {
    text = body.trim().startsWith('<') ? null : body.trim() || null;
  } else if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const pick = (key: string) => (typeof record[key] === 'string' && record[key].trim() !== '' ? record[key].trim() : null);
    const message = pick('message') ?? pick('error') ?? pick('errorType');
    const field = pick('field');
    text = message && field ? `${message} (field ${field})` : (message ?? (field ? `field ${field}` : null));
  }
  if (text === null) return null;
  return text.length > MAX_ERROR_DETAIL ? `${text.slice(0, MAX_ERROR_DETAIL)}…` : text;
}
