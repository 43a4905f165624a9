/**
 * A stateful stand-in for Bolt's webhook API (shared/upstream/bolt/openapi.webhooks.yaml):
 * `GET|POST /v1/webhooks`, `GET|DELETE /v1/webhooks/{webhook_id}`, authenticated with
 * `X-API-Key`, failing with Bolt's `{errors:[{code,message}], result:{success:false}}`.
 *
 * Where the spec is silent the double decides, and the adapter must cope:
 * - a missing or wrong key answers 401 (the spec lists no 401; Bolt's real status is unknown);
 * - a division the key may not see answers 403 (BOLT_DOUBLE_FORBIDDEN_DIVISION_ID);
 * - "duplicate configuration" (422) = same division and URL with overlapping events
 *   (`event_group: all` overlaps everything), since the spec says it protects a listener from
 *   duplicate notifications;
 * - the list answers in creation order (oldest first), unpaged;
 * - unknown query parameters and body fields, and a body with both or neither of
 *   `event_group` / `events`, answer 400.
 *
 * Used by test/providers/bolt.test.ts and by `npm run mock:upstreams`; the exports below are
 * stable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { checkFields, type DoubleResponse, DoubleServer, type RecordedRequest } from './double-server.ts';
import { type EmitRequest, type EmitTarget, emitRoute } from './emit.ts';

/** The merchant API key the double accepts in `X-API-Key`. */
export const BOLT_DOUBLE_API_KEY = 'bolt_double_key_5d1f0c7e9a2b4468';
/** The merchant signing secret the gateway signs test deliveries with (the double never sees it). */
export const BOLT_DOUBLE_SIGNING_SECRET = 'bolt_double_signing_secret_0b6e3c';
/** The division the gateway uses by default (BOLT_DIVISION_ID). */
export const BOLT_DOUBLE_DIVISION_ID = '3X9aPQ67-YrB';
/** A second division the key may see. */
export const BOLT_DOUBLE_OTHER_DIVISION_ID = 'Kp4mW2xR-Q7d';
/** A division the key may not see: every call about it answers 403. */
export const BOLT_DOUBLE_FORBIDDEN_DIVISION_ID = 'Zf8nB1vT-L0s';

/** The 12 `webhooks_type` values. */
export const BOLT_DOUBLE_EVENT_TYPES = [
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

/** Bolt's error codes are undocumented beyond the example 2001005; these are the double's. */
const CODES = {
  badRequest: 2001005,
  unauthorized: 2001001,
  forbidden: 2001003,
  notFound: 2001004,
  methodNotAllowed: 2001006,
  duplicate: 2005002,
} as const;

/** One stored webhook, as the double keeps it. */
export interface BoltDoubleWebhook {
  webhook_id: string;
  division_id: string;
  created_at: number;
  url: string;
  event_group: 'all' | null;
  events: string[] | null;
}

export interface BoltSeed {
  url: string;
  /** `"all"` for `event_group: all`; default `["payment"]`. */
  events?: readonly string[] | 'all';
  divisionId?: string;
  /** Epoch ms; default now (strictly increasing). */
  createdAt?: number;
}

function boltError(status: number, code: number, message: string): DoubleResponse {
  return { status, body: { errors: [{ code, message }], result: { success: false } } };
}

function overlaps(a: BoltDoubleWebhook, b: Pick<BoltDoubleWebhook, 'event_group' | 'events'>): boolean {
  if (a.event_group === 'all' || b.event_group === 'all') return true;
  return (a.events ?? []).some((event) => (b.events ?? []).includes(event));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export class BoltDouble {
  readonly server: DoubleServer;
  readonly #webhooks = new Map<string, BoltDoubleWebhook>();
  #lastCreatedAt = 0;

  constructor() {
    this.server = new DoubleServer({
      routes: [
        { method: 'GET', pattern: '/v1/webhooks', handler: (r) => this.#authed(r, () => this.#list(r)) },
        { method: 'POST', pattern: '/v1/webhooks', handler: (r) => this.#authed(r, () => this.#create(r)) },
        { method: 'GET', pattern: '/v1/webhooks/:id', handler: (r, p) => this.#authed(r, () => this.#get(r, p.id ?? '')) },
        { method: 'DELETE', pattern: '/v1/webhooks/:id', handler: (r, p) => this.#authed(r, () => this.#delete(r, p.id ?? '')) },
        emitRoute((request) => this.#emitTargets(request)),
      ],
      notFound: (r) => boltError(404, CODES.notFound, `No route for ${r.method} ${r.path}`),
      methodNotAllowed: (r) => boltError(405, CODES.methodNotAllowed, `${r.method} is not allowed on ${r.path}`),
      badJson: () => boltError(400, CODES.badRequest, 'The request body is not valid JSON.'),
    });
  }

  get url(): string {
    return this.server.url;
  }

  /**
   * What Bolt would POST for `event` to each webhook subscribed to it: the v2 envelope, signed
   * `X-Bolt-Hmac-Sha256: base64(HMAC-SHA256(signing secret, raw body))` (NOTES.md).
   */
  #emitTargets({ event, data }: EmitRequest): EmitTarget[] {
    const body = JSON.stringify({
      type: event,
      object: 'transaction',
      data: data ?? {
        id: `TA${randomBytes(6).toString('hex')}`,
        type: 'cc_payment',
        status: 'authorized',
        reference: `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`,
        amount: { amount: 4599, currency: 'USD' },
        date: Date.now(),
      },
    });
    const signature = createHmac('sha256', BOLT_DOUBLE_SIGNING_SECRET).update(body).digest('base64');
    return [...this.#webhooks.values()]
      .filter((w) => w.event_group === 'all' || (w.events ?? []).includes(event))
      .map((w) => ({ url: w.url, body, headers: { 'X-Bolt-Hmac-Sha256': signature } }));
  }

  /** Stores a webhook directly, as if created in Bolt's dashboard. */
  seed(seed: BoltSeed): BoltDoubleWebhook {
    const events = seed.events ?? ['payment'];
    return this.#store({
      division_id: seed.divisionId ?? BOLT_DOUBLE_DIVISION_ID,
      url: seed.url,
      event_group: events === 'all' ? 'all' : null,
      events: events === 'all' ? null : [...events],
      created_at: seed.createdAt,
    });
  }

  /** What the double holds, in creation order; of one division when given. */
  webhooks(divisionId?: string): BoltDoubleWebhook[] {
    return [...this.#webhooks.values()].filter((w) => divisionId === undefined || w.division_id === divisionId);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<this> {
    await this.server.listen(port, host);
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  #store(input: Omit<BoltDoubleWebhook, 'webhook_id' | 'created_at'> & { created_at?: number | undefined }): BoltDoubleWebhook {
    const createdAt = input.created_at ?? Math.max(Date.now(), this.#lastCreatedAt + 1);
    this.#lastCreatedAt = Math.max(this.#lastCreatedAt, createdAt);
    const webhook: BoltDoubleWebhook = {
      webhook_id: `wh_${randomBytes(16).toString('base64url')}`,
      division_id: input.division_id,
      created_at: createdAt,
      url: input.url,
      event_group: input.event_group,
      events: input.events,
    };
    this.#webhooks.set(webhook.webhook_id, webhook);
    return webhook;
  }

  #authed(request: RecordedRequest, handle: () => DoubleResponse): DoubleResponse {
    const key = request.headers['x-api-key'];
    if (key === undefined) return boltError(401, CODES.unauthorized, 'The X-API-Key header is missing.');
    if (key !== BOLT_DOUBLE_API_KEY) return boltError(401, CODES.unauthorized, 'The API key is not valid.');
    return handle();
  }

  #noQuery(request: RecordedRequest): DoubleResponse | null {
    const names = [...request.query.keys()];
    return names.length > 0 ? boltError(400, CODES.badRequest, `Unknown query parameter(s): ${names.join(', ')}`) : null;
  }

  #list(request: RecordedRequest): DoubleResponse {
    const unknown = [...request.query.keys()].filter((k) => k !== 'division_id');
    if (unknown.length > 0) return boltError(400, CODES.badRequest, `Unknown query parameter(s): ${unknown.join(', ')}`);
    const divisionId = request.query.get('division_id');
    if (!divisionId) return boltError(400, CODES.badRequest, 'The input is missing a required parameter: division_id.');
    if (divisionId === BOLT_DOUBLE_FORBIDDEN_DIVISION_ID) {
      return boltError(403, CODES.forbidden, 'Not authorized to query webhook for this entity.');
    }
    return { status: 200, body: { webhooks: this.webhooks(divisionId).map(toWire) } };
  }

  #create(request: RecordedRequest): DoubleResponse {
    const query = this.#noQuery(request);
    if (query) return query;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return boltError(400, CODES.badRequest, 'Content-Type must be application/json.');
    }
    const checked = checkFields(request.body, ['division_id', 'url'], ['division_id', 'url', 'event_group', 'events']);
    if (!checked.ok) return boltError(400, CODES.badRequest, checked.problem);
    const { division_id: divisionId, url, event_group: eventGroup, events } = checked.value;
    if (typeof divisionId !== 'string' || divisionId === '') return boltError(400, CODES.badRequest, 'division_id must be a string.');
    if (typeof url !== 'string' || !isHttpUrl(url)) return boltError(400, CODES.badRequest, 'url must be an http(s) URL.');
    if ((eventGroup === undefined) === (events === undefined)) {
      return boltError(400, CODES.badRequest, 'Give either event_group or events.');
    }
    if (eventGroup !== undefined && eventGroup !== 'all') return boltError(400, CODES.badRequest, 'event_group must be "all".');
    if (events !== undefined) {
      const valid =
        Array.isArray(events) &&
        events.length > 0 &&
        events.every((e) => (BOLT_DOUBLE_EVENT_TYPES as readonly unknown[]).includes(e)) &&
        new Set(events).size === events.length;
      if (!valid) return boltError(400, CODES.badRequest, 'events must be distinct webhooks_type values.');
    }
    if (divisionId === BOLT_DOUBLE_FORBIDDEN_DIVISION_ID) {
      return boltError(403, CODES.forbidden, 'Not authorized to create a webhook for this entity.');
    }
    const wanted = { event_group: eventGroup === 'all' ? ('all' as const) : null, events: (events as string[] | undefined) ?? null };
    const duplicate = this.webhooks(divisionId).find((w) => w.url === url && overlaps(w, wanted));
    if (duplicate) {
      return boltError(422, CODES.duplicate, `Duplicate webhook configuration: ${duplicate.webhook_id} already sends these events to this URL.`);
    }
    const webhook = this.#store({ division_id: divisionId, url, ...wanted });
    return { status: 200, body: { webhook_id: webhook.webhook_id } };
  }

  #find(id: string): BoltDoubleWebhook | DoubleResponse {
    const webhook = this.#webhooks.get(id);
    if (!webhook) return boltError(404, CODES.notFound, 'Unable to find webhook.');
    if (webhook.division_id === BOLT_DOUBLE_FORBIDDEN_DIVISION_ID) {
      return boltError(403, CODES.forbidden, 'Not authorized to perform the operation on this resource.');
    }
    return webhook;
  }

  #get(request: RecordedRequest, id: string): DoubleResponse {
    const found = this.#noQuery(request) ?? this.#find(id);
    return 'webhook_id' in found ? { status: 200, body: toWire(found) } : found;
  }

  #delete(request: RecordedRequest, id: string): DoubleResponse {
    const found = this.#noQuery(request) ?? this.#find(id);
    if (!('webhook_id' in found)) return found;
    this.#webhooks.delete(id);
    return { status: 200 };
  }
}

function toWire(webhook: BoltDoubleWebhook): Record<string, unknown> {
  return {
    webhook_id: webhook.webhook_id,
    created_at: webhook.created_at,
    url: webhook.url,
    event_group: webhook.event_group,
    events: webhook.events,
  };
}

/** Starts a Bolt double on a loopback port (ephemeral unless `port` is given). */
export async function startBoltDouble(options: { port?: number; host?: string } = {}): Promise<BoltDouble> {
  return new BoltDouble().listen(options.port, options.host);
}

/** The gateway env that points BOLT at the double, with its key, default division and signing secret. */
export function boltGatewayEnv(double: { url: string }): Record<string, string> {
  return {
    BOLT_API_KEY: BOLT_DOUBLE_API_KEY,
    BOLT_API_URL: double.url,
    BOLT_DIVISION_ID: BOLT_DOUBLE_DIVISION_ID,
    BOLT_SIGNING_SECRET: BOLT_DOUBLE_SIGNING_SECRET,
  };
}
