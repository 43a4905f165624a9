/**
 * A stateful double of the BLAZE Partner API webhook paths (swagger "BLAZE Developer API",
 * /work/shared/upstream/blaze). It serves the documented wire format and refuses what the
 * document does not allow, with BLAZE's (untyped) error shape:
 * `{ "error": "...", "message": "...", "status": 400, "field"?: "...", "errorType"?: "..." }`.
 *
 * Auth: the partner key in `x-api-key` or `partner_key` (any one of them; both must match when
 * both are sent) and the developer key, raw, in `Authorization`. Missing or wrong keys → 401.
 *
 * Choices the documents leave open, made here and kept stable for `npm run mock:upstreams`:
 * - the developer key belongs to company BLAZE_DOUBLE_COMPANY_ID; any shopId is accepted;
 * - a create without shopId lands in BLAZE_DOUBLE_SHOP_ID (the developer key's shop);
 * - list order is creation order; `limit` defaults to 200;
 * - DELETE answers 200 with an empty body and removes the record;
 * - a create repeating the type and a URL of a webhook of the same shop is refused with 400;
 * - an update may not change id, companyId or shopId.
 */
import { randomBytes } from 'node:crypto';
import { checkFields, type DoubleResponse, DoubleServer, type RecordedRequest, type RouteHandler } from './double-server.ts';
import { emitRoute } from './emit.ts';

/** The partner key the double accepts (env BLAZE_PARTNER_KEY). */
export const BLAZE_DOUBLE_PARTNER_KEY = 'blz_partner_double_3f9c1a7e5b2d4c6e8a0f';
/** The developer (dispensary) key the double accepts (env BLAZE_DEVELOPER_KEY). */
export const BLAZE_DOUBLE_DEVELOPER_KEY = 'blz_dev_double_9e8d7c6b5a4f3e2d1c0b';
/** The company the developer key belongs to; every webhook created through the double carries it. */
export const BLAZE_DOUBLE_COMPANY_ID = '5f0c8a1e2b3c4d5e6f700001';
/** The developer key's shop: the default of creates without shopId (env BLAZE_SHOP_ID). */
export const BLAZE_DOUBLE_SHOP_ID = '5f0c8a1e2b3c4d5e6f700101';

/** The swagger's webHookType enum; the double refuses any other value on create and update. */
export const BLAZE_WEBHOOK_TYPES: readonly string[] = [
  'NEW_CONSUMER_ORDER',
  'NEW_CONSUMER_SIGNUP',
  'UPDATE_CONSUMER_ORDER',
  'UPDATE_CONSUMER_USER',
  'NEW_MEMBER',
  'UPDATE_MEMBER',
  'COMPLETE_TRANSACTION',
  'UPDATE_PRODUCT',
];

const BASE = '/api/v1/partner/webHooks';
const DEFAULT_LIMIT = 200;
const ADD_REQUEST_FIELDS = ['webHookType', 'webHookUrls', 'url', 'shopId'] as const;
const PARTNER_WEBHOOK_FIELDS = [
  'id',
  'created',
  'modified',
  'deleted',
  'updated',
  'companyId',
  'shopId',
  'dirty',
  'url',
  'webHookType',
  'webHookUrls',
] as const;

/** A stored PartnerWebHook. */
export interface BlazeDoubleWebhook {
  id: string;
  created: number;
  modified: number;
  deleted: boolean;
  updated: boolean;
  dirty: boolean;
  companyId: string;
  shopId: string;
  url?: string;
  webHookType: string;
  webHookUrls: string[];
}

export interface BlazeDouble {
  /** The HTTP machinery: `inject`, `count`, `requests`. */
  server: DoubleServer;
  /** Base URL, e.g. http://127.0.0.1:41234 (env BLAZE_API_URL). */
  url: string;
  /** The double's state by id, in creation order. */
  webhooks: Map<string, BlazeDoubleWebhook>;
  /**
   * Stores a webhook directly, bypassing the API's checks (so a test can hold records the API
   * would refuse, e.g. a webHookType newer than the swagger, or a soft-deleted record).
   */
  seed(webhook?: Partial<BlazeDoubleWebhook>): BlazeDoubleWebhook;
  close(): Promise<void>;
}

export interface BlazeDoubleOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

function blazeError(status: number, error: string, message: string, field?: string): DoubleResponse {
  const errorType = status === 400 ? 'com.blaze.exceptions.BlazeInvalidArgException' : undefined;
  return { status, body: { error, message, status, ...(field ? { field } : {}), ...(errorType ? { errorType } : {}) } };
}

const invalid = (message: string, field?: string) => blazeError(400, 'Invalid argument', message, field);

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function authProblem(request: RecordedRequest): string | null {
  const partnerKeys = [header(request, 'x-api-key'), header(request, 'partner_key')].filter((k) => k !== undefined);
  if (partnerKeys.length === 0) return 'Missing partner key';
  if (partnerKeys.some((key) => key !== BLAZE_DOUBLE_PARTNER_KEY)) return 'Invalid partner key';
  const developerKey = header(request, 'authorization');
  if (developerKey === undefined) return 'Missing developer key';
  if (developerKey !== BLAZE_DOUBLE_DEVELOPER_KEY) return 'Invalid developer key';
  return null;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Type checks shared by the add request and the full object; null when all is well. */
function fieldProblem(body: Record<string, unknown>): DoubleResponse | null {
  const { webHookType, webHookUrls, url, shopId } = body;
  if (typeof webHookType !== 'string' || !BLAZE_WEBHOOK_TYPES.includes(webHookType)) {
    return invalid(`Invalid webHookType: ${JSON.stringify(webHookType)}`, 'webHookType');
  }
  if (!Array.isArray(webHookUrls) || webHookUrls.length === 0 || !webHookUrls.every(isHttpUrl)) {
    return invalid('webHookUrls must list at least one http(s) URL', 'webHookUrls');
  }
  if (url !== undefined && !isHttpUrl(url)) return invalid('url must be an http(s) URL', 'url');
  if (shopId !== undefined && (typeof shopId !== 'string' || shopId === '')) return invalid('Invalid shopId', 'shopId');
  for (const key of ['created', 'modified'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'number') return invalid(`${key} must be an int64`, key);
  }
  for (const key of ['deleted', 'updated', 'dirty'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean') return invalid(`${key} must be a boolean`, key);
  }
  return null;
}

function isJson(request: RecordedRequest): boolean {
  return /^application\/json\b/i.test(header(request, 'content-type') ?? '');
}

function int32(query: URLSearchParams, name: string): number | undefined | Error {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^-?\d{1,10}$/.test(text) || Math.abs(Number(text)) > 2 ** 31 - 1) return new Error(`${name} must be an int32`);
  return Number(text);
}

export async function startBlazeDouble(options: BlazeDoubleOptions = {}): Promise<BlazeDouble> {
  const webhooks = new Map<string, BlazeDoubleWebhook>();
  let clock = 0;
  const now = () => (clock = Math.max(Date.now(), clock + 1));
  const newId = () => randomBytes(12).toString('hex');
  const view = (hook: BlazeDoubleWebhook) => structuredClone(hook);

  const authed =
    (handler: RouteHandler): RouteHandler =>
    (request, params) => {
      const problem = authProblem(request);
      return problem ? blazeError(401, 'Unauthorized', problem) : handler(request, params);
    };

  const list: RouteHandler = (request) => {
    const unknown = [...request.query.keys()].filter((k) => !['type', 'start', 'limit', 'shopId'].includes(k));
    if (unknown.length > 0) return invalid(`Unknown query parameter(s): ${unknown.join(', ')}`);
    const start = int32(request.query, 'start');
    const limit = int32(request.query, 'limit');
    if (start instanceof Error) return invalid(start.message, 'start');
    if (limit instanceof Error) return invalid(limit.message, 'limit');
    if (start !== undefined && start < 0) return invalid('start must be >= 0', 'start');
    const type = request.query.get('type');
    if (type !== null && !BLAZE_WEBHOOK_TYPES.includes(type)) return invalid(`Invalid type: ${type}`, 'type');
    const shopId = request.query.get('shopId');
    const matching = [...webhooks.values()].filter(
      (hook) => (shopId === null || hook.shopId === shopId) && (type === null || hook.webHookType === type),
    );
    const skip = start ?? 0;
    const size = limit !== undefined && limit > 0 ? limit : DEFAULT_LIMIT;
    return {
      status: 200,
      body: { values: matching.slice(skip, skip + size).map(view), skip, limit: size, total: matching.length },
    };
  };

  const create: RouteHandler = (request) => {
    if (!isJson(request)) return blazeError(415, 'Unsupported Media Type', 'Content-Type must be application/json');
    const checked = checkFields(request.body, ['webHookType', 'webHookUrls'], ADD_REQUEST_FIELDS);
    if (!checked.ok) return invalid(checked.problem);
    const problem = fieldProblem(checked.value);
    if (problem) return problem;
    const body = checked.value as { webHookType: string; webHookUrls: string[]; url?: string; shopId?: string };
    const shopId = body.shopId ?? BLAZE_DOUBLE_SHOP_ID;
    const duplicate = [...webhooks.values()].find(
      (hook) =>
        hook.shopId === shopId &&
        hook.webHookType === body.webHookType &&
        hook.webHookUrls.some((url) => body.webHookUrls.includes(url)),
    );
    if (duplicate) {
      return invalid(`A ${body.webHookType} webhook for this URL already exists in shop ${shopId}`, 'webHookUrls');
    }
    const created = now();
    const hook: BlazeDoubleWebhook = {
      id: newId(),
      created,
      modified: created,
      deleted: false,
      updated: false,
      dirty: false,
      companyId: BLAZE_DOUBLE_COMPANY_ID,
      shopId,
      ...(body.url !== undefined ? { url: body.url } : {}),
      webHookType: body.webHookType,
      webHookUrls: [...body.webHookUrls],
    };
    webhooks.set(hook.id, hook);
    return { status: 200, body: view(hook) };
  };

  const notFound = (id: string) => blazeError(404, 'Not Found', `WebHook ${id} not found`);

  const get: RouteHandler = (_request, params) => {
    const hook = webhooks.get(params.webHookId ?? '');
    return hook ? { status: 200, body: view(hook) } : notFound(params.webHookId ?? '');
  };

  const update: RouteHandler = (request, params) => {
    const id = params.webHookId ?? '';
    const hook = webhooks.get(id);
    if (!hook) return notFound(id);
    if (!isJson(request)) return blazeError(415, 'Unsupported Media Type', 'Content-Type must be application/json');
    const checked = checkFields(request.body, ['webHookType', 'webHookUrls'], PARTNER_WEBHOOK_FIELDS);
    if (!checked.ok) return invalid(checked.problem);
    const problem = fieldProblem(checked.value);
    if (problem) return problem;
    const body = checked.value as Partial<BlazeDoubleWebhook> & { webHookType: string; webHookUrls: string[] };
    if (body.id !== undefined && body.id !== id) return invalid('id does not match the path', 'id');
    if (body.companyId !== undefined && body.companyId !== hook.companyId) return invalid('companyId cannot change', 'companyId');
    if (body.shopId !== undefined && body.shopId !== hook.shopId) return invalid('shopId cannot change', 'shopId');
    hook.webHookType = body.webHookType;
    hook.webHookUrls = [...body.webHookUrls];
    if (body.url !== undefined) hook.url = body.url;
    hook.updated = true;
    hook.modified = now();
    return { status: 200, body: view(hook) };
  };

  const remove: RouteHandler = (_request, params) => {
    const id = params.id ?? '';
    if (!webhooks.delete(id)) return notFound(id);
    return { status: 200 };
  };

  const server = await new DoubleServer({
    routes: [
      { method: 'GET', pattern: BASE, handler: authed(list) },
      { method: 'POST', pattern: BASE, handler: authed(create) },
      { method: 'GET', pattern: `${BASE}/:webHookId`, handler: authed(get) },
      { method: 'PUT', pattern: `${BASE}/:webHookId`, handler: authed(update) },
      { method: 'DELETE', pattern: `${BASE}/:id`, handler: authed(remove) },
      // BLAZE signs nothing (NOTES.md): each URL of each live webhook of the type gets the bare body.
      emitRoute(({ event, data }) => {
        const body = JSON.stringify(
          data ?? { id: newId(), shopId: BLAZE_DOUBLE_SHOP_ID, orderNo: String(Date.now()).slice(-5), cartStatus: 'Placed', created: Date.now() },
        );
        return [...webhooks.values()]
          .filter((hook) => !hook.deleted && hook.webHookType === event)
          .flatMap((hook) => hook.webHookUrls.map((url) => ({ url, body, headers: {} })));
      }),
    ],
    notFound: (request) => blazeError(404, 'Not Found', `No resource at ${request.path}`),
    methodNotAllowed: (request) => blazeError(405, 'Method Not Allowed', `${request.method} is not allowed on ${request.path}`),
    badJson: () => invalid('Request body is not valid JSON'),
  }).listen(options.port ?? 0, options.host ?? '127.0.0.1');

  return {
    server,
    url: server.url,
    webhooks,
    seed(partial = {}) {
      const created = partial.created ?? now();
      const urls = partial.webHookUrls ?? ['https://example.com/blaze'];
      const hook: BlazeDoubleWebhook = {
        id: newId(),
        created,
        modified: created,
        deleted: false,
        updated: false,
        dirty: false,
        companyId: BLAZE_DOUBLE_COMPANY_ID,
        shopId: BLAZE_DOUBLE_SHOP_ID,
        url: urls[0],
        webHookType: 'NEW_CONSUMER_ORDER',
        webHookUrls: urls,
        ...partial,
      };
      webhooks.set(hook.id, hook);
      return hook;
    },
    close: () => server.close(),
  };
}

/** The environment that points a gateway at `double` with the double's credentials. */
export function blazeGatewayEnv(double: Pick<BlazeDouble, 'url'>): Record<string, string> {
  return {
    BLAZE_PARTNER_KEY: BLAZE_DOUBLE_PARTNER_KEY,
    BLAZE_DEVELOPER_KEY: BLAZE_DOUBLE_DEVELOPER_KEY,
    BLAZE_API_URL: double.url,
    BLAZE_SHOP_ID: BLAZE_DOUBLE_SHOP_ID,
  };
}
