/** UP42's webhook as the gateway's Webhook. The clear-text secret stops here: only hasSecret leaves. */
import type { Webhook } from '../contract.ts';
import type { Up42Webhook } from './wire.ts';

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function toWebhook(wire: Up42Webhook, workspaceId: string): Webhook {
  return {
    provider: 'UP42',
    externalId: wire.id,
    scope: { workspaceId },
    url: wire.url,
    urls: [wire.url],
    name: wire.name ?? null,
    events: wire.events,
    active: wire.active,
    isTest: false,
    hasSecret: (wire.secret ?? '') !== '',
    createdAt: date(wire.createdAt),
    updatedAt: date(wire.updatedAt),
  };
}

/** UP42 requires a name; when the caller gives none, the webhook is named after its target host. */
export function defaultName(url: string): string {
  try {
    return `hookgate-${new URL(url).host}`;
  } catch {
    return 'hookgate-webhook';
  }
}
