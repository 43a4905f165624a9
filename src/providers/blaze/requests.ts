/**
 * Turns the gateway's create/update requests into BLAZE request bodies, refusing what BLAZE
 * cannot represent: one `webHookType` per webhook, no name, no pause, no test mode, no secret.
 * Every problem is reported at once, before anything is sent upstream.
 */
import { type FieldError, ValidationError } from '../../errors.ts';
import type { CreateWebhookRequest, UpdateWebhookRequest } from '../contract.ts';
import { targetUrls } from './mapping.ts';
import type { PartnerWebHook, PartnerWebHookAddRequest, PartnerWebHookBody } from './wire.ts';

type Path = (string | number)[];

const MAX_TYPE_LENGTH = 128;
// The enum is open (BLAZE's lists disagree), so any value of the enum's shape is passed on.
const TYPE_FORMAT = /^[A-Z0-9_]+$/;

/** Why `name` cannot be a BLAZE webHookType; null when it is well-formed. */
export function blazeEventProblem(name: string): string | null {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_TYPE_LENGTH) return `must be at most ${MAX_TYPE_LENGTH} characters`;
  if (name === '*') return 'BLAZE has no "all events" subscription; name one webHookType, e.g. NEW_CONSUMER_ORDER';
  if (!TYPE_FORMAT.test(name)) {
    return `"${name}" is not a BLAZE webHookType: use capital letters, digits and _ (e.g. NEW_CONSUMER_ORDER)`;
  }
  return null;
}

function checkEvents(events: readonly string[], path: Path, errors: FieldError[]): string | null {
  if (events.length !== 1) {
    errors.push({
      path,
      message: 'a BLAZE webhook has exactly one event type (webHookType); create one webhook per event type',
    });
    return null;
  }
  const [event] = events as [string];
  const problem = blazeEventProblem(event);
  if (problem) errors.push({ path: [...path, 0], message: problem });
  return problem ? null : event;
}

function checkUnsupported(
  request: { name?: string | null | undefined; active?: boolean | undefined; isTest?: boolean | undefined },
  errors: FieldError[],
): void {
  if (request.name !== null && request.name !== undefined) {
    errors.push({ path: ['input', 'name'], message: 'BLAZE webhooks have no name' });
  }
  if (request.active === false) {
    errors.push({ path: ['input', 'active'], message: 'BLAZE webhooks cannot be paused; delete the webhook instead' });
  }
  if (request.isTest === true) {
    errors.push({ path: ['input', 'isTest'], message: 'BLAZE has no test webhooks' });
  }
}

export function buildAddRequest(request: CreateWebhookRequest, defaultShopId: string | null): PartnerWebHookAddRequest {
  const errors: FieldError[] = [];
  checkUnsupported(request, errors);
  if (request.secret !== null) {
    errors.push({ path: ['input', 'secret'], message: 'BLAZE does not sign deliveries, so it takes no secret' });
  }
  const type = checkEvents(request.events, ['input', 'events'], errors);
  const scope = request.scope ?? {};
  for (const key of ['divisionId', 'workspaceId'] as const) {
    if (scope[key]) errors.push({ path: ['input', 'scope', key], message: 'is not a BLAZE scope; BLAZE uses shopId' });
  }
  if (scope.companyId) {
    errors.push({ path: ['input', 'scope', 'companyId'], message: 'is set by the BLAZE developer key and cannot be chosen' });
  }
  // The swagger leaves shopId optional, but a webhook outside any shop would be invisible to
  // shop-scoped listings, so the gateway insists on one.
  const shopId = scope.shopId ?? defaultShopId;
  if (!shopId) {
    errors.push({ path: ['input', 'scope', 'shopId'], message: 'is required: give scope.shopId or set BLAZE_SHOP_ID' });
  }
  if (errors.length > 0 || type === null || !shopId) throw new ValidationError(errors);
  return { webHookType: type, webHookUrls: request.urls, url: request.url, shopId };
}

/** The URLs after an update: `url` replaces the first target, `urls` replaces them all. */
function nextUrls(current: readonly string[], request: UpdateWebhookRequest): string[] {
  if (request.urls) return [...new Set(request.url === undefined ? request.urls : [request.url, ...request.urls])];
  if (request.url !== undefined) return [...new Set([request.url, ...current.slice(1)])];
  return [...current];
}

/** Checks an update before the current record is fetched. */
export function checkUpdate(request: UpdateWebhookRequest): void {
  const errors: FieldError[] = [];
  checkUnsupported(request, errors);
  if (request.events) checkEvents(request.events, ['input', 'events'], errors);
  if (errors.length > 0) throw new ValidationError(errors);
}

/** BLAZE's update takes the full PartnerWebHook: the current record with the changes applied. */
export function buildPutBody(current: PartnerWebHook, request: UpdateWebhookRequest): PartnerWebHookBody {
  checkUpdate(request);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) if (value !== null && value !== undefined) body[key] = value;
  const urls = nextUrls(targetUrls(current), request);
  if (urls.length === 0) throw ValidationError.field(['input', 'urls'], 'must list at least one URL');
  body.webHookUrls = urls;
  body.url = urls[0];
  if (request.events?.[0] !== undefined) body.webHookType = request.events[0];
  return body as PartnerWebHookBody;
}
