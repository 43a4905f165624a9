/** From BLAZE's PartnerWebHook to the gateway's Webhook. */
import type { Webhook, WebhookScope } from '../contract.ts';
import type { PartnerWebHook } from './wire.ts';

function toDate(epochMs: number | null | undefined): Date | null {
  if (epochMs === null || epochMs === undefined) return null;
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Always shopId then companyId: the scope is part of the global id, so its shape must be stable. */
function toScope(hook: PartnerWebHook): WebhookScope | null {
  const scope: WebhookScope = {};
  if (hook.shopId) scope.shopId = hook.shopId;
  if (hook.companyId) scope.companyId = hook.companyId;
  return Object.keys(scope).length > 0 ? scope : null;
}

/**
 * `webHookUrls` is what BLAZE delivers to and is required on create; `url` is only a fallback
 * for records that carry nothing else (which of the two BLAZE prefers is not documented).
 */
export function targetUrls(hook: PartnerWebHook): string[] {
  const urls = [...new Set((hook.webHookUrls ?? []).filter((u) => u !== ''))];
  if (urls.length === 0 && hook.url) urls.push(hook.url);
  return urls;
}

export function toWebhook(hook: PartnerWebHook): Webhook {
  const urls = targetUrls(hook);
  return {
    provider: 'BLAZE',
    externalId: hook.id,
    scope: toScope(hook),
    // A record without any URL is shown rather than failing the whole page.
    url: urls[0] ?? '',
    urls,
    name: null,
    events: hook.webHookType ? [hook.webHookType] : [],
    active: true,
    isTest: false,
    hasSecret: false,
    createdAt: toDate(hook.created),
    updatedAt: toDate(hook.modified),
  };
}
