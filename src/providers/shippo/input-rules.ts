/**
 * Shippo's own rules on top of the shared input validation: one event per webhook from
 * WebhookEventTypeEnum, one URL under 200 characters, no name, no scope, no per-webhook secret.
 * Every problem is reported at once, before anything is sent upstream.
 */
import { type FieldError, ValidationError } from '../../errors.ts';
import type { CreateWebhookRequest, UpdateWebhookRequest } from '../contract.ts';
import { SHIPPO_ALL_EVENTS, SHIPPO_EVENTS, SHIPPO_MAX_URL_LENGTH, type ShippoEvent, type ShippoWebhook, type ShippoWebhookRequest, isActive, isTestMode } from './wire.ts';

/** Hookgate's wildcard; Shippo's is `all`. */
export const ALL_EVENTS = '*';

const EVENTS_PATH = ['input', 'events'];
const URL_PATH = ['input', 'url'];

function isShippoEvent(value: string): value is ShippoEvent {
  return (SHIPPO_EVENTS as readonly string[]).includes(value);
}

function checkEvent(events: readonly string[], errors: FieldError[]): ShippoEvent | null {
  if (events.length > 1) {
    errors.push({
      path: EVENTS_PATH,
      message: 'Shippo takes one event per webhook; create one webhook per event (or use "*" for all)',
    });
    return null;
  }
  const event = events[0];
  if (event === undefined) return null;
  if (event === ALL_EVENTS) return SHIPPO_ALL_EVENTS;
  if (!isShippoEvent(event)) {
    errors.push({
      path: [...EVENTS_PATH, 0],
      message: `"${event}" is not a Shippo event type (${SHIPPO_EVENTS.filter((e) => e !== SHIPPO_ALL_EVENTS).join(', ')}, or "*")`,
    });
    return null;
  }
  return event;
}

function checkUrl(url: string, errors: FieldError[]): void {
  if (url.length > SHIPPO_MAX_URL_LENGTH) {
    errors.push({ path: URL_PATH, message: `must be under 200 characters for Shippo (it has ${url.length})` });
  }
}

function fail(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}

/** The POST body for a create, or a ValidationError listing everything Shippo cannot take. */
export function toCreateRequest(request: CreateWebhookRequest): ShippoWebhookRequest {
  const errors: FieldError[] = [];
  if (request.urls.length > 1) {
    errors.push({ path: ['input', 'urls'], message: 'Shippo webhooks deliver to one URL; create one webhook per URL' });
  }
  checkUrl(request.url, errors);
  const event = checkEvent(request.events, errors);
  if (request.name !== null) errors.push({ path: ['input', 'name'], message: 'Shippo webhooks have no name' });
  if (request.scope !== null) errors.push({ path: ['input', 'scope'], message: 'Shippo webhooks have no scope' });
  if (request.secret !== null) {
    errors.push({
      path: ['input', 'secret'],
      message: 'Shippo signs with one account-level HMAC secret that Shippo provisions; a webhook cannot have its own',
    });
  }
  fail(errors);
  return { event: event as ShippoEvent, url: request.url, active: request.active, is_test: request.isTest };
}

/** What an update changes, validated; undefined fields keep the current value. */
export interface ShippoPatch {
  event?: ShippoEvent | undefined;
  url?: string | undefined;
  active?: boolean | undefined;
  isTest?: boolean | undefined;
}

export function toPatch(request: UpdateWebhookRequest): ShippoPatch {
  const errors: FieldError[] = [];
  let url = request.url;
  if (request.urls) {
    if (request.urls.length > 1) {
      errors.push({ path: ['input', 'urls'], message: 'Shippo webhooks deliver to one URL' });
    } else if (url !== undefined && request.urls[0] !== url) {
      errors.push({ path: ['input', 'urls'], message: 'must be [url] when both are given: Shippo webhooks have one URL' });
    } else {
      url = request.urls[0];
    }
  }
  if (url !== undefined) checkUrl(url, errors);
  const event = request.events ? checkEvent(request.events, errors) : undefined;
  // null clears a name, which a Shippo webhook never has: nothing to do.
  if (request.name !== undefined && request.name !== null) {
    errors.push({ path: ['input', 'name'], message: 'Shippo webhooks have no name' });
  }
  fail(errors);
  return { event: event ?? undefined, url, active: request.active, isTest: request.isTest };
}

/** The full PUT body: Shippo's update replaces the whole webhook. */
export function mergeUpdate(current: ShippoWebhook, patch: ShippoPatch): ShippoWebhookRequest {
  return {
    // An event Shippo reports but its enum lacks (a newer one) is sent back as it came.
    event: patch.event ?? current.event,
    url: patch.url ?? current.url,
    active: patch.active ?? isActive(current),
    is_test: patch.isTest ?? isTestMode(current),
  };
}
