/**
 * `Webhook.id` is opaque to clients but carries what the gateway needs to find the webhook
 * again: the provider, its own id and, where the provider has one, the scope.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { WebhookRef } from '../providers/contract.ts';
import { idPartProblem } from '../providers/id-format.ts';
import { PROVIDER_NAMES } from '../providers/provider-name.ts';
import { cachedOnObject } from '../util/cached-on-object.ts';

const TYPENAME = 'Webhook';

const scopeShape = z
  .object({
    divisionId: z.string().optional(),
    shopId: z.string().optional(),
    companyId: z.string().optional(),
    workspaceId: z.string().optional(),
  })
  .strict();

const payloadShape = z.tuple([z.enum(PROVIDER_NAMES), z.string().min(1), scopeShape.nullable()]);

/** Once per object: a listing asks for the id of every node, sometimes more than once. */
export const encodeWebhookId = cachedOnObject((ref: WebhookRef): string =>
  Buffer.from(`${TYPENAME}:${JSON.stringify([ref.provider, ref.externalId, ref.scope])}`).toString('base64url'),
);

/**
 * Decodes a global id; a malformed one is a ValidationError at `path`. Every part must have
 * its provider's id shape, so that no decoded id can steer an upstream call elsewhere.
 */
export function decodeWebhookId(id: string, path: (string | number)[] = ['id']): WebhookRef {
  const invalid = () => ValidationError.field(path, 'is not a webhook id issued by this gateway');
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(id)) throw invalid();
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const separator = text.indexOf(':');
  if (separator < 0 || text.slice(0, separator) !== TYPENAME) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(text.slice(separator + 1));
  } catch {
    throw invalid();
  }
  const parsed = payloadShape.safeParse(payload);
  if (!parsed.success) throw invalid();
  const [provider, externalId, scope] = parsed.data;
  const parts = [externalId, ...Object.values(scope ?? {})];
  if (parts.some((part) => part !== undefined && idPartProblem(provider, part) !== null)) throw invalid();
  return { provider, externalId, scope };
}
