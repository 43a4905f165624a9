/**
 * A stateful Shippo double serving the webhook endpoints of openapi.webhooks.yaml over real
 * HTTP: `Authorization: ShippoToken <token>`, GET/POST /webhooks, GET/PUT/DELETE
 * /webhooks/{id}, 201 on create and 204 on delete, and Django-REST-style errors
 * (`{"detail": "..."}`, `{"<field>": ["..."]}`) for whatever the document does not allow.
 *
 * Used by test/providers/shippo.test.ts, the list benchmark and `npm run mock:upstreams`:
 *
 *   const double = await startShippoDouble();          // ephemeral loopback port
 *   double.seed(50);                                   // 50 webhooks, oldest first
 *   createTestGateway({ ...shippoGatewayEnv(double) });
 *
 * The list answers with every webhook on one page (`next: null`), as no paging parameters are
 * declared; set `pageSize` to make it page Shippo-style (`?page=N&results=M`, absolute `next`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { type EmitRequest, type EmitTarget, emitRoute } from './emit.ts';
import {
  checkFields,
  type DoubleResponse,
  DoubleServer,
  type InjectedFailure,
  type RecordedRequest,
} from './double-server.ts';

/** The API token the double accepts (a Shippo test-mode token shape). */
export const SHIPPO_DOUBLE_TOKEN = 'shippo_test_4b1d7c0e9a2f48d6b3e5a1c7f9d2e8b6';
/** The account HMAC secret the gateway signs Shippo-style test deliveries with. */
export const SHIPPO_DOUBLE_SIGNING_SECRET = 'shippo_hmac_double_6f0a3d9c2b7e41f8';
/** `object_owner` of every webhook (Shippo puts the account e-mail there). */
export const SHIPPO_DOUBLE_OWNER = 'shipping@example.com';

export const SHIPPO_EVENT_ENUM = [
  'transaction_created',
  'transaction_updated',
  'track_updated',
  'batch_created',
  'batch_purchased',
  'all',
] as const;

const MAX_URL_LENGTH = 199;
const REQUEST_FIELDS = ['event', 'url', 'active', 'is_test'] as const;
const LIST_QUERY_PARAMS = ['page', 'results'];

/** A webhook as Shippo returns it. */
export interface ShippoWireWebhook {
  object_id: string;
  object_owner: string;
  object_created: string;
  object_updated: string;
  event: string;
  url: string;
  active: boolean;
  is_test: boolean;
}

export interface ShippoDoubleOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Page size of GET /webhooks when the caller sends no `results`; null (default) = one page. */
  pageSize?: number | null;
}

type Check<T> = { ok: true; value: T } | { ok: false; response: DoubleResponse };

function detail(status: number, message: string): DoubleResponse {
  return { status, body: { detail: message } };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape cannot name a webhook: 404 follows
  }
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}

/** WebhookUpdateRequest, validated the way DRF serializers report problems. */
function checkWebhookRequest(request: RecordedRequest): Check<Pick<ShippoWireWebhook, 'event' | 'url'> & { active?: boolean; is_test?: boolean }> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    return { ok: false, response: detail(415, `Unsupported media type "${contentType}" in request.`) };
  }
  const shape = checkFields(request.body, [], REQUEST_FIELDS);
  if (!shape.ok) return { ok: false, response: detail(400, shape.problem) };
  const body = shape.value;
  const errors: Record<string, string[]> = {};
  const { event, url, active, is_test: isTest } = body;
  if (event === undefined) errors.event = ['This field is required.'];
  else if (typeof event !== 'string' || !(SHIPPO_EVENT_ENUM as readonly string[]).includes(event)) {
    errors.event = [`"${String(event)}" is not a valid choice.`];
  }
  if (url === undefined) errors.url = ['This field is required.'];
  else if (typeof url !== 'string') errors.url = ['Not a valid string.'];
  else if (url.length > MAX_URL_LENGTH) errors.url = [`Ensure this field has no more than ${MAX_URL_LENGTH} characters.`];
  else if (!isHttpUrl(url)) errors.url = ['Enter a valid URL.'];
  if (active !== undefined && typeof active !== 'boolean') errors.active = ['Must be a valid boolean.'];
  if (isTest !== undefined && typeof isTest !== 'boolean') errors.is_test = ['Must be a valid boolean.'];
  if (Object.keys(errors).length > 0) return { ok: false, response: { status: 400, body: errors } };
  return {
    ok: true,
    value: {
      event: event as string,
      url: url as string,
      ...(active === undefined ? {} : { active: active as boolean }),
      ...(isTest === undefined ? {} : { is_test: isTest as boolean }),
    },
  };
}

export class ShippoDouble {
  /** Request log, failure injection and call counting. */
  readonly server: DoubleServer;
  /** The double's state, by object_id; tests may read or change it directly. */
  readonly webhooks = new Map<string, ShippoWireWebhook>();
  /** Page size of GET /webhooks when the caller sends no `results`; null = everything on one page. */
  pageSize: number | null;
  #lastCreatedMs = 0;

  constructor(options: ShippoDoubleOptions = {}) {
    this.pageSize = options.pageSize ?? null;
    this.server = new DoubleServer({
      routes: [
        { method: 'GET', pattern: '/webhooks', handler: this.#authenticated((r) => this.#list(r)) },
        { method: 'POST', pattern: '/webhooks', handler: this.#authenticated((r) => this.#create(r)) },
        { method: 'GET', pattern: '/webhooks/:id', handler: this.#authenticated((_r, p) => this.#get(p.id)) },
        { method: 'PUT', pattern: '/webhooks/:id', handler: this.#authenticated((r, p) => this.#replace(r, p.id)) },
        { method: 'DELETE', pattern: '/webhooks/:id', handler: this.#authenticated((_r, p) => this.#delete(p.id)) },
        emitRoute((request) => this.#emitTargets(request)),
      ],
      notFound: () => detail(404, 'Not found.'),
      // DRF authenticates before it looks at the method.
      methodNotAllowed: (r) => this.#authProblem(r) ?? detail(405, `Method "${r.method}" not allowed.`),
      badJson: (r) => this.#authProblem(r) ?? detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)'),
    });
  }

  get url(): string {
    return this.server.url;
  }

  /** Every request received, oldest first (shortcut for `server.requests`). */
  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  /** Requests so far with this method and a path matching `path`. */
  count(method: string, path: RegExp): number {
    return this.server.count(method, path);
  }

  /** Makes the next matching request(s) fail as described (see DoubleServer). */
  inject(failure: InjectedFailure): void {
    this.server.inject(failure);
  }

  resetLog(): void {
    this.server.resetLog();
  }

  /**
   * What Shippo would POST for `event` to each active webhook of that event (or `all`), at the
   * URL as registered (with its `?token=`): `{event, test, data}`, signed
   * `Shippo-Auth-Signature: t=<unix s>,v1=<hex HMAC-SHA256(account secret, "<t>.<body>")>` (NOTES.md).
   */
  #emitTargets({ event, data }: EmitRequest): EmitTarget[] {
    const body = JSON.stringify({
      event,
      test: false,
      data: data ?? {
        carrier: 'usps',
        tracking_number: `9205590164917312${String(Date.now()).slice(-6)}`,
        tracking_status: { status: 'TRANSIT', status_details: 'Departed from the origin.', status_date: new Date().toISOString() },
      },
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', SHIPPO_DOUBLE_SIGNING_SECRET).update(`${t}.${body}`).digest('hex');
    return [...this.webhooks.values()]
      .filter((w) => w.active && (w.event === event || w.event === 'all'))
      .map((w) => ({ url: w.url, body, headers: { 'Shippo-Auth-Signature': `t=${t},v1=${v1}`, 'Shippo-API-Version': '2018-02-08' } }));
  }

  /** Adds a webhook as if created at Shippo; defaults fill what is not given. */
  add(fields: Partial<ShippoWireWebhook> = {}): ShippoWireWebhook {
    const created = fields.object_created ?? this.#nextTimestamp();
    const webhook: ShippoWireWebhook = {
      object_id: fields.object_id ?? randomUUID().replaceAll('-', ''),
      object_owner: fields.object_owner ?? SHIPPO_DOUBLE_OWNER,
      object_created: created,
      object_updated: fields.object_updated ?? created,
      event: fields.event ?? 'track_updated',
      url: fields.url ?? `https://example.com/shippo/${this.webhooks.size + 1}`,
      active: fields.active ?? true,
      is_test: fields.is_test ?? false,
    };
    this.webhooks.set(webhook.object_id, webhook);
    return webhook;
  }

  /** Adds `count` webhooks, one second apart (oldest first), cycling through the concrete events. */
  seed(count: number): ShippoWireWebhook[] {
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    return Array.from({ length: count }, (_, i) => {
      const at = new Date(start + i * 1000).toISOString();
      return this.add({
        object_created: at,
        url: `https://example.com/shippo/seed-${i}`,
        event: SHIPPO_EVENT_ENUM[i % 5],
      });
    });
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  /** Strictly increasing, so creation order is the object_created order. */
  #nextTimestamp(): string {
    this.#lastCreatedMs = Math.max(Date.now(), this.#lastCreatedMs + 1);
    return new Date(this.#lastCreatedMs).toISOString();
  }

  #authProblem(request: RecordedRequest): DoubleResponse | null {
    const header = request.headers.authorization;
    if (header === undefined) {
      return { ...detail(401, 'Authentication credentials were not provided.'), headers: { 'www-authenticate': 'ShippoToken' } };
    }
    if (header !== `ShippoToken ${SHIPPO_DOUBLE_TOKEN}`) {
      return { ...detail(401, 'Invalid token.'), headers: { 'www-authenticate': 'ShippoToken' } };
    }
    return null;
  }

  #authenticated(
    handler: (request: RecordedRequest, params: { id: string }) => DoubleResponse,
  ): (request: RecordedRequest, params: Record<string, string>) => DoubleResponse {
    return (request, params) => {
      return this.#authProblem(request) ?? handler(request, { id: decodeSegment(params.id ?? '') });
    };
  }

  #list(request: RecordedRequest): DoubleResponse {
    const unknown = [...request.query.keys()].filter((key) => !LIST_QUERY_PARAMS.includes(key));
    if (unknown.length > 0) return detail(400, `Unknown query parameter(s): ${unknown.join(', ')}`);
    const all = [...this.webhooks.values()];
    const resultsParam = request.query.get('results');
    const pageParam = request.query.get('page');
    const size = resultsParam === null ? this.pageSize : Number(resultsParam);
    if (size === null) return { status: 200, body: { next: null, previous: null, count: all.length, results: all } };
    const page = pageParam === null ? 1 : Number(pageParam);
    const pages = Math.max(1, Math.ceil(all.length / size));
    if (!Number.isInteger(size) || size < 1 || !Number.isInteger(page) || page < 1 || page > pages) {
      return detail(404, 'Invalid page.');
    }
    const link = (n: number) => `${this.url}/webhooks?page=${n}&results=${size}`;
    return {
      status: 200,
      body: {
        next: page < pages ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        count: all.length,
        results: all.slice((page - 1) * size, page * size),
      },
    };
  }

  #duplicateOf(event: string, url: string, except: string | null): boolean {
    for (const webhook of this.webhooks.values()) {
      if (webhook.event === event && webhook.url === url && webhook.object_id !== except) return true;
    }
    return false;
  }

  #create(request: RecordedRequest): DoubleResponse {
    const checked = checkWebhookRequest(request);
    if (!checked.ok) return checked.response;
    const { event, url } = checked.value;
    if (this.#duplicateOf(event, url, null)) return detail(400, 'A webhook with this event and url already exists.');
    return { status: 201, body: this.add(checked.value) };
  }

  #get(id: string): DoubleResponse {
    const webhook = this.webhooks.get(id);
    return webhook ? { status: 200, body: webhook } : detail(404, 'Not found.');
  }

  /** PUT replaces the whole webhook: optional fields left out fall back to their defaults. */
  #replace(request: RecordedRequest, id: string): DoubleResponse {
    const current = this.webhooks.get(id);
    if (!current) return detail(404, 'Not found.');
    const checked = checkWebhookRequest(request);
    if (!checked.ok) return checked.response;
    const { event, url, active, is_test: isTest } = checked.value;
    if (this.#duplicateOf(event, url, id)) return detail(400, 'A webhook with this event and url already exists.');
    const updated: ShippoWireWebhook = {
      ...current,
      event,
      url,
      active: active ?? true,
      is_test: isTest ?? false,
      object_updated: new Date(Math.max(Date.now(), Date.parse(current.object_updated) + 1)).toISOString(),
    };
    this.webhooks.set(id, updated);
    return { status: 200, body: updated };
  }

  #delete(id: string): DoubleResponse {
    if (!this.webhooks.delete(id)) return detail(404, 'Not found.');
    return { status: 204 };
  }
}

/** Starts a Shippo double on a loopback port (ephemeral unless `port` is given). */
export async function startShippoDouble(options: ShippoDoubleOptions = {}): Promise<ShippoDouble> {
  const double = new ShippoDouble(options);
  await double.server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return double;
}

/** The gateway env vars that point SHIPPO at `double`, with its token and account HMAC secret. */
export function shippoGatewayEnv(double: ShippoDouble): Record<string, string> {
  return {
    SHIPPO_API_TOKEN: SHIPPO_DOUBLE_TOKEN,
    SHIPPO_API_URL: double.url,
    SHIPPO_SIGNING_SECRET: SHIPPO_DOUBLE_SIGNING_SECRET,
  };
}
