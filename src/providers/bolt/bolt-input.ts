/**
 * Bolt's own rules on top of the shared input validation: one URL, a division, events from
 * the `webhooks_type` enum (or "*" for `event_group: all`), and none of the fields Bolt lacks
 * (name, inactive, test mode, per-webhook secret).
 */
import { type FieldError, ValidationError } from '../../errors.ts';
import type { CreateWebhookRequest, UpdateWebhookRequest } from '../contract.ts';
import { type BoltCreateBody, type BoltEventName, isBoltEventName } from './wire.ts';

export const ALL_EVENTS = '*';

/** What defines a Bolt webhook: where it lives, where it posts and what it posts. */
export interface BoltTarget {
  divisionId: string;
  url: string;
  /** `["*"]` for `event_group: all`, else `webhooks_type` names. */
  events: string[];
}

type Path = (string | number)[];

function eventErrors(events: readonly string[], path: Path): FieldError[] {
  if (events.includes(ALL_EVENTS)) {
    return events.length > 1 ? [{ path, message: '"*" already means every Bolt event; list nothing else' }] : [];
  }
  return events.flatMap((event, index) =>
    isBoltEventName(event) ? [] : [{ path: [...path, index], message: `"${event}" is not a Bolt event type` }],
  );
}

function unsupportedFieldErrors(fields: { name?: string | null; active?: boolean; isTest?: boolean }): FieldError[] {
  const errors: FieldError[] = [];
  if (fields.name !== undefined && fields.name !== null) {
    errors.push({ path: ['input', 'name'], message: 'Bolt webhooks have no name' });
  }
  if (fields.active === false) {
    errors.push({ path: ['input', 'active'], message: 'Bolt webhooks cannot be inactive; delete it instead' });
  }
  if (fields.isTest === true) {
    errors.push({ path: ['input', 'isTest'], message: 'Bolt webhooks have no test mode; use a sandbox division' });
  }
  return errors;
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}

/** Checks a create request and resolves its division; throws every problem at once. */
export function checkCreate(request: CreateWebhookRequest, defaultDivisionId: string | null): BoltTarget {
  const errors = unsupportedFieldErrors(request);
  if (request.urls.length > 1) {
    errors.push({ path: ['input', 'urls'], message: 'a Bolt webhook posts to one URL; create one webhook per URL' });
  }
  if (request.secret !== null) {
    errors.push({
      path: ['input', 'secret'],
      message: 'Bolt signs every webhook with the merchant-wide signing secret; a webhook secret cannot be set',
    });
  }
  const otherScope = Object.keys(request.scope ?? {}).filter((key) => key !== 'divisionId');
  for (const key of otherScope) errors.push({ path: ['input', 'scope', key], message: `Bolt webhooks have no ${key}` });
  const divisionId = request.scope?.divisionId ?? defaultDivisionId;
  if (!divisionId) {
    errors.push({
      path: ['input', 'scope', 'divisionId'],
      message: 'Bolt webhooks belong to a division: give scope.divisionId (no BOLT_DIVISION_ID default is configured)',
    });
  }
  errors.push(...eventErrors(request.events, ['input', 'events']));
  throwIfAny(errors);
  return { divisionId: divisionId as string, url: request.url, events: request.events };
}

/** What an update may change at Bolt, checked before any call. */
export interface BoltPatch {
  url: string | undefined;
  events: string[] | undefined;
}

export function checkPatch(request: UpdateWebhookRequest): BoltPatch {
  const errors = unsupportedFieldErrors(request);
  let url = request.url;
  if (request.urls) {
    if (request.urls.length > 1) {
      errors.push({ path: ['input', 'urls'], message: 'a Bolt webhook posts to one URL' });
    } else if (url !== undefined && request.urls[0] !== url) {
      errors.push({ path: ['input', 'urls'], message: 'must be [url] when both are given' });
    }
    url ??= request.urls[0];
  }
  if (request.events) errors.push(...eventErrors(request.events, ['input', 'events']));
  throwIfAny(errors);
  return { url, events: request.events };
}

export function applyPatch(current: BoltTarget, patch: BoltPatch): BoltTarget {
  return { divisionId: current.divisionId, url: patch.url ?? current.url, events: patch.events ?? current.events };
}

export function sameTarget(a: BoltTarget, b: BoltTarget): boolean {
  const events = (t: BoltTarget) => [...new Set(t.events)].sort().join('\n');
  return a.divisionId === b.divisionId && a.url === b.url && events(a) === events(b);
}

export function createBody(target: BoltTarget): BoltCreateBody {
  if (target.events.includes(ALL_EVENTS)) return { division_id: target.divisionId, url: target.url, event_group: 'all' };
  // Only reached with events that checkCreate/checkPatch accepted, or that Bolt itself reported.
  return { division_id: target.divisionId, url: target.url, events: target.events as BoltEventName[] };
}
