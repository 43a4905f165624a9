/**
 * Validation every provider shares: URL shape, names, event lists, secrets. Provider-specific
 * rules (catalogue membership, one event per Shippo webhook, …) live with each provider.
 */
import { z } from 'zod';
import { text } from '../validation/text.ts';

export const MAX_URL_LENGTH = 2048;

export const webhookUrl = text()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid absolute URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must use http or https, not ${url.protocol.replace(/:$/, '')}` });
    } else if (url.hostname === '') {
      ctx.addIssue({ code: 'custom', message: 'must name a host' });
    }
  });

export const eventName = text()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters');

export const webhookName = text().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

const scopeValue = text().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

export const webhookScope = z
  .object({
    divisionId: scopeValue.nullish(),
    shopId: scopeValue.nullish(),
    companyId: scopeValue.nullish(),
    workspaceId: scopeValue.nullish(),
  })
  .transform((scope) => {
    const entries = Object.entries(scope).filter(([, v]) => v !== null && v !== undefined);
    return entries.length === 0 ? null : (Object.fromEntries(entries) as Record<string, string>);
  });

/** Each provider has its own secret format (LOCAL: whsec_…, UP42: any string); they check it. */
export const webhookSecret = text().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

export const eventList = z
  .array(eventName)
  .min(1, 'must name at least one event type (or "*" for all)')
  .max(500, 'must name at most 500 event types')
  .transform((events) => [...new Set(events)]);

/** CreateWebhookInput after validation, before any provider-specific rule. */
export const createWebhookInput = z
  .object({
    url: webhookUrl,
    urls: z.array(webhookUrl).max(50, 'must list at most 50 URLs').nullish(),
    name: webhookName.nullish(),
    events: eventList,
    active: z.boolean().nullish(),
    isTest: z.boolean().nullish(),
    secret: webhookSecret.nullish(),
    scope: webhookScope.nullish(),
  })
  .transform((input) => ({
    url: input.url,
    // `url` is always the first target; `urls` adds more where the provider allows it.
    urls: [...new Set([input.url, ...(input.urls ?? [])])],
    name: input.name ?? null,
    events: input.events,
    active: input.active ?? true,
    isTest: input.isTest ?? false,
    secret: input.secret ?? null,
    scope: input.scope ?? null,
  }));

export const updateWebhookInput = z
  .object({
    url: webhookUrl.nullish(),
    urls: z.array(webhookUrl).min(1, 'must list at least one URL').max(50, 'must list at most 50 URLs').nullish(),
    name: webhookName.nullish(),
    events: eventList.nullish(),
    active: z.boolean().nullish(),
    isTest: z.boolean().nullish(),
  })
  .transform((input) => ({
    url: input.url ?? undefined,
    urls: input.urls ? [...new Set(input.urls)] : undefined,
    // An explicit null clears the name; leaving it out keeps it.
    name: input.name === undefined ? undefined : input.name,
    events: input.events ?? undefined,
    active: input.active ?? undefined,
    isTest: input.isTest ?? undefined,
  }));
