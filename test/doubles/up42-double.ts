/**
 * A stateful double of UP42's workspace webhooks API and of its Keycloak token endpoint,
 * serving the wire format of shared/upstream/up42 (openapi.webhooks.yaml, NOTES.md):
 *
 * - `POST /realms/public/protocol/openid-connect/token` (form-encoded password grant,
 *   client_id `up42-sdk`) → `{ access_token, expires_in, token_type }`; Keycloak's
 *   `{ error, error_description }` on failure. Issued tokens expire after `expiresInSeconds`.
 * - `GET /webhooks/events` (no auth, as in the docs) and `GET|POST /workspaces/{ws}/webhooks`,
 *   `GET|PUT|DELETE /workspaces/{ws}/webhooks/{id}`, `POST /workspaces/{ws}/webhooks/{id}/tests`,
 *   all with `Authorization: Bearer <token>` and the `{ data, error }` envelope; errors are
 *   `{ data: null, error: { code, message, details } }`.
 *
 * Choices where the docs are silent (the adapter must not depend on them): create answers
 * 200, delete 204; PUT is a full replacement (an omitted secret is cleared, an omitted
 * `active` is false); the URL must be HTTPS except on loopback hosts; a workspace the double
 * does not hold answers 403. A test run really POSTs to the webhook URL, signed when a secret
 * is set (`Signature-Input: up42-sig=("date" "content-digest");created=<unix s>` and
 * `Signature: up42-sig=<base64 HMAC-SHA256(secret, date + content-digest)>`), and reports
 * items `{ event, url, success, statusCode, durationMs, error, responseBody }`.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { checkFields, DoubleServer, type DoubleResponse, type RecordedRequest } from './double-server.ts';
import { emitRoute } from './emit.ts';

/** The bearer token accepted forever, for `UP42_TOKEN`. */
export const UP42_DOUBLE_TOKEN = 'up42-double-static-token-7f3c9a';
/** The account the token endpoint accepts, for `UP42_USERNAME` / `UP42_PASSWORD`. */
export const UP42_DOUBLE_USERNAME = 'hookgate@example.com';
export const UP42_DOUBLE_PASSWORD = 'double-Passw0rd-e41b77';
/** The workspace the double holds (more can be given to `startUp42Double`). */
export const UP42_DOUBLE_WORKSPACE_ID = '2f4b1c8e-6a3d-4e59-9b1f-0c7d5e3a8b21';
export const UP42_TOKEN_PATH = '/realms/public/protocol/openid-connect/token';
export const UP42_CLIENT_ID = 'up42-sdk';

export const UP42_EVENTS = [
  {
    name: 'job.status',
    title: 'Job Status Updates',
    category: 'job',
    description: 'Sent when job/task status is updated',
    documentation: 'https://docs.up42.com/developers/',
  },
  {
    name: 'order.status',
    title: 'Order Status Updates',
    category: 'order',
    description: 'Sent when order status is updated',
    documentation: 'https://docs.up42.com/developers/',
  },
];
const EVENT_NAMES = UP42_EVENTS.map((e) => e.name);

/** A webhook as UP42 stores and returns it (secret in clear text, "" when unset). */
export interface Up42StoredWebhook {
  id: string;
  url: string;
  name: string;
  active: boolean;
  events: string[];
  secret: string;
  createdAt: string;
  updatedAt: string;
}

export interface Up42DoubleOptions {
  /** Lifetime of issued tokens in seconds (Keycloak's default is 300). */
  expiresInSeconds?: number;
  /** Workspaces the account may use; default [UP42_DOUBLE_WORKSPACE_ID]. */
  workspaces?: string[];
  port?: number;
  host?: string;
}

export interface Up42Double {
  server: DoubleServer;
  /** Base URL of the API, for `UP42_API_URL`. */
  url: string;
  /** Token endpoint, for `UP42_AUTH_URL`. */
  authUrl: string;
  /** Puts a webhook straight into a workspace, bypassing the API. */
  seed(webhook: Partial<Up42StoredWebhook> & { url: string }, workspaceId?: string): Up42StoredWebhook;
  /** The webhooks of a workspace as stored, secrets included. */
  webhooks(workspaceId?: string): Up42StoredWebhook[];
  /** Makes every token issued so far invalid (the static token stays valid). */
  revokeTokens(): void;
  close(): Promise<void>;
}

/**
 * UP42's signature (NOTES.md, up42/up42-webhooks): `Signature-Input` lists the signed header
 * fields and `created`; `Signature` is base64(HMAC-SHA256(secret, the listed values concatenated)).
 * The double lists a body digest and the date. Without a secret UP42 signs nothing.
 */
function up42SignatureHeaders(secret: string, body: string): Record<string, string> {
  if (secret === '') return {};
  const headers: Record<string, string> = {
    'content-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
    date: new Date().toUTCString(),
  };
  const signature = createHmac('sha256', secret).update(headers['content-digest']! + headers.date!).digest('base64');
  return {
    ...headers,
    'signature-input': `up42-sig=("content-digest" "date");created=${Math.floor(Date.now() / 1000)}`,
    signature: `up42-sig=${signature}`,
  };
}

let clock = 0;

/** ISO-8601 with microseconds, like UP42's timestamps. */
function timestamp(date = new Date()): string {
  clock = (clock + 1) % 1000;
  return `${date.toISOString().slice(0, -1)}${String(clock).padStart(3, '0')}Z`;
}

function fail(status: number, message: string, details: unknown = null): DoubleResponse {
  return { status, body: { data: null, error: { code: status, message, details } } };
}

function ok(data: unknown, status = 200): DoubleResponse {
  return { status, body: { data, error: null } };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** UP42's rules for the body of create and update: the accepted fields, or its refusal. */
function checkWebhookBody(body: unknown): { response: DoubleResponse } | { value: Record<string, unknown> } {
  const fields = checkFields(body, ['events', 'name', 'url'], ['events', 'name', 'url', 'secret', 'active']);
  if (!fields.ok) return { response: fail(400, 'Bad request', fields.problem) };
  const value = fields.value;
  const { events, name, url, secret, active } = value;
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string')) {
    return { response: fail(400, 'Bad request', 'events must be a non-empty array of strings') };
  }
  const unknown = events.filter((e) => !EVENT_NAMES.includes(e as string));
  if (unknown.length > 0) return { response: fail(422, `Unknown webhook event(s): ${unknown.join(', ')}`) };
  if (typeof name !== 'string' || name.trim() === '') return { response: fail(422, 'name must not be empty') };
  if (typeof url !== 'string') return { response: fail(400, 'Bad request', 'url must be a string') };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { response: fail(422, 'url is not a valid URL') };
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
    return { response: fail(422, 'Webhook url must use HTTPS') };
  }
  if (secret !== undefined && typeof secret !== 'string') return { response: fail(400, 'Bad request', 'secret must be a string') };
  if (active !== undefined && typeof active !== 'boolean') return { response: fail(400, 'Bad request', 'active must be a boolean') };
  return { value };
}

function samplePayload(event: string, workspaceId: string): unknown {
  return event === 'order.status'
    ? { event, workspaceId, body: { orderId: randomUUID(), status: 'FULFILLED' } }
    : { event, workspaceId, body: { jobId: randomUUID(), status: 'SUCCEEDED' } };
}

/** Sends one test notification the way the double imagines UP42 does. */
async function deliver(webhook: Up42StoredWebhook, event: string, workspaceId: string): Promise<Record<string, unknown>> {
  const body = JSON.stringify(samplePayload(event, workspaceId));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    date: new Date().toUTCString(),
    'content-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
  };
  if (webhook.secret !== '') {
    const signed = ['date', 'content-digest'];
    const created = Math.floor(Date.now() / 1000);
    const mac = createHmac('sha256', webhook.secret)
      .update(signed.map((h) => headers[h]).join(''))
      .digest('base64');
    headers['signature-input'] = `up42-sig=(${signed.map((h) => `"${h}"`).join(' ')});created=${created}`;
    headers.signature = `up42-sig=${mac}`;
  }
  const started = performance.now();
  try {
    const response = await fetch(webhook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(2_000) });
    const text = (await response.text()).slice(0, 1024);
    const success = response.status >= 200 && response.status < 300;
    return {
      event,
      url: webhook.url,
      success,
      statusCode: response.status,
      durationMs: performance.now() - started,
      error: success ? null : `HTTP ${response.status}`,
      responseBody: text,
    };
  } catch (error) {
    return {
      event,
      url: webhook.url,
      success: false,
      statusCode: null,
      durationMs: performance.now() - started,
      // undici's fetch says only "fetch failed"; what failed is in its cause (ECONNREFUSED…).
      error: describeFetchFailure(error),
      responseBody: null,
    };
  }
}

function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.message ?? cause?.code;
  return detail ? `${(error as Error).message}: ${detail}` : (error as Error).message;
}

export async function startUp42Double(options: Up42DoubleOptions = {}): Promise<Up42Double> {
  const expiresIn = options.expiresInSeconds ?? 300;
  const workspaces = new Map<string, Map<string, Up42StoredWebhook>>(
    (options.workspaces ?? [UP42_DOUBLE_WORKSPACE_ID]).map((ws) => [ws, new Map()]),
  );
  const issued = new Map<string, number>();

  const tokenEndpoint = (request: RecordedRequest): DoubleResponse => {
    const keycloakError = (status: number, error: string, description: string): DoubleResponse => ({
      status,
      body: { error, error_description: description },
    });
    if (request.method !== 'POST') return keycloakError(405, 'invalid_request', 'HTTP method not allowed');
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return keycloakError(400, 'invalid_request', 'Form-encoded body expected');
    }
    const form = new URLSearchParams(request.rawBody);
    if (form.get('grant_type') !== 'password') return keycloakError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    if (form.get('client_id') !== UP42_CLIENT_ID) return keycloakError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (form.get('username') !== UP42_DOUBLE_USERNAME || form.get('password') !== UP42_DOUBLE_PASSWORD) {
      return keycloakError(401, 'invalid_grant', 'Invalid user credentials');
    }
    const token = `up42-double-${randomUUID()}`;
    issued.set(token, Date.now() + expiresIn * 1000);
    return {
      status: 200,
      body: { access_token: token, expires_in: expiresIn, refresh_expires_in: 0, token_type: 'Bearer', scope: 'profile email' },
    };
  };

  /** The workspace's webhooks when the caller may use it; otherwise UP42's refusal. */
  const authorize = (request: RecordedRequest, workspaceId: string): Map<string, Up42StoredWebhook> | DoubleResponse => {
    const match = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''));
    const token = match?.[1];
    if (!token) return fail(401, 'Unauthorized', 'missing bearer token');
    const expiresAt = issued.get(token);
    if (token !== UP42_DOUBLE_TOKEN && (expiresAt === undefined || expiresAt <= Date.now())) {
      return fail(401, 'Unauthorized', 'invalid or expired token');
    }
    const store = workspaces.get(workspaceId);
    if (!store) return fail(403, `Access to workspace ${workspaceId} is forbidden`);
    return store;
  };

  const requireJson = (request: RecordedRequest): DoubleResponse | null =>
    String(request.headers['content-type'] ?? '').startsWith('application/json')
      ? null
      : fail(415, 'Content-Type must be application/json');

  const withWebhook = (
    request: RecordedRequest,
    params: Record<string, string>,
    then: (store: Map<string, Up42StoredWebhook>, webhook: Up42StoredWebhook) => DoubleResponse | Promise<DoubleResponse>,
  ): DoubleResponse | Promise<DoubleResponse> => {
    const store = authorize(request, params.ws ?? '');
    if (!(store instanceof Map)) return store;
    const webhook = store.get(params.id ?? '');
    if (!webhook) return fail(404, `Webhook ${params.id} not found`);
    return then(store, webhook);
  };

  const server = new DoubleServer({
    notFound: (request) => fail(404, 'Not found', request.path),
    methodNotAllowed: (request) => fail(405, `Method ${request.method} not allowed`),
    // The token endpoint takes a form, which DoubleServer cannot parse as JSON.
    badJson: (request) => (request.path === UP42_TOKEN_PATH ? tokenEndpoint(request) : fail(400, 'Malformed JSON body')),
    routes: [
      { method: 'POST', pattern: UP42_TOKEN_PATH, handler: tokenEndpoint },
      { method: 'GET', pattern: '/webhooks/events', handler: () => ok(UP42_EVENTS) },
      emitRoute(({ event, data }) => {
        const body = JSON.stringify({
          event,
          id: randomUUID(),
          createdAt: new Date().toISOString(),
          body: data ?? { id: randomUUID(), status: 'FULFILLED', updatedAt: new Date().toISOString() },
        });
        return [...workspaces.values()]
          .flatMap((store) => [...store.values()])
          .filter((webhook) => webhook.active && webhook.events.includes(event))
          .map((webhook) => ({ url: webhook.url, body, headers: up42SignatureHeaders(webhook.secret, body) }));
      }),
      {
        method: 'GET',
        pattern: '/workspaces/:ws/webhooks',
        handler: (request, params) => {
          const store = authorize(request, params.ws ?? '');
          return store instanceof Map ? ok([...store.values()]) : store;
        },
      },
      {
        method: 'POST',
        pattern: '/workspaces/:ws/webhooks',
        handler: (request, params) => {
          const store = authorize(request, params.ws ?? '');
          if (!(store instanceof Map)) return store;
          const wrongType = requireJson(request);
          if (wrongType) return wrongType;
          const checked = checkWebhookBody(request.body);
          if ('response' in checked) return checked.response;
          const now = timestamp();
          const webhook: Up42StoredWebhook = {
            id: randomUUID(),
            url: checked.value.url as string,
            name: checked.value.name as string,
            active: (checked.value.active as boolean | undefined) ?? false,
            events: checked.value.events as string[],
            secret: (checked.value.secret as string | undefined) ?? '',
            createdAt: now,
            updatedAt: now,
          };
          store.set(webhook.id, webhook);
          return ok(webhook);
        },
      },
      {
        method: 'GET',
        pattern: '/workspaces/:ws/webhooks/:id',
        handler: (request, params) => withWebhook(request, params, (_store, webhook) => ok(webhook)),
      },
      {
        method: 'PUT',
        pattern: '/workspaces/:ws/webhooks/:id',
        handler: (request, params) =>
          withWebhook(request, params, (_store, webhook) => {
            const wrongType = requireJson(request);
            if (wrongType) return wrongType;
            const checked = checkWebhookBody(request.body);
            if ('response' in checked) return checked.response;
            // Full replacement: what is left out is reset, not kept.
            Object.assign(webhook, {
              url: checked.value.url,
              name: checked.value.name,
              events: checked.value.events,
              secret: (checked.value.secret as string | undefined) ?? '',
              active: (checked.value.active as boolean | undefined) ?? false,
              updatedAt: timestamp(),
            });
            return ok(webhook);
          }),
      },
      {
        method: 'DELETE',
        pattern: '/workspaces/:ws/webhooks/:id',
        handler: (request, params) =>
          withWebhook(request, params, (store, webhook) => {
            store.delete(webhook.id);
            return { status: 204 };
          }),
      },
      {
        method: 'POST',
        pattern: '/workspaces/:ws/webhooks/:id/tests',
        handler: (request, params) =>
          withWebhook(request, params, async (_store, webhook) => {
            let events = webhook.events;
            if (request.rawBody !== '') {
              const fields = checkFields(request.body, [], ['event']);
              if (!fields.ok) return fail(400, 'Bad request', fields.problem);
              const event = fields.value.event;
              if (event !== undefined) {
                if (typeof event !== 'string' || !webhook.events.includes(event)) {
                  return fail(422, `The webhook is not subscribed to ${String(event)}`);
                }
                events = [event];
              }
            }
            const startedAt = timestamp();
            const tests = await Promise.all(events.map((event) => deliver(webhook, event, params.ws ?? '')));
            const succeeded = tests.filter((t) => t.success).length;
            return ok({ startedAt, testsRun: tests.length, testsSucceeded: succeeded, testsFailed: tests.length - succeeded, tests });
          }),
      },
    ],
  });
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');

  return {
    server,
    url: server.url,
    authUrl: `${server.url}${UP42_TOKEN_PATH}`,
    seed(partial, workspaceId = UP42_DOUBLE_WORKSPACE_ID) {
      const store = workspaces.get(workspaceId);
      if (!store) throw new Error(`The double holds no workspace ${workspaceId}`);
      const now = timestamp();
      const webhook: Up42StoredWebhook = {
        id: randomUUID(),
        name: 'seeded',
        active: true,
        events: ['order.status'],
        secret: '',
        createdAt: now,
        updatedAt: now,
        ...partial,
      };
      store.set(webhook.id, webhook);
      return webhook;
    },
    webhooks: (workspaceId = UP42_DOUBLE_WORKSPACE_ID) => [...(workspaces.get(workspaceId)?.values() ?? [])],
    revokeTokens: () => issued.clear(),
    close: () => server.close(),
  };
}

export interface Up42GatewayEnvOptions {
  /** `password` (default) makes the gateway fetch tokens from the double; `token` uses the static one. */
  auth?: 'password' | 'token';
  /** The default workspace; null leaves UP42_WORKSPACE_ID unset. */
  workspaceId?: string | null;
}

/** Env vars that point a gateway at the double with its credentials. */
export function up42GatewayEnv(double: Up42Double, options: Up42GatewayEnvOptions = {}): Record<string, string> {
  const env: Record<string, string> = { UP42_API_URL: double.url };
  if (options.auth === 'token') env.UP42_TOKEN = UP42_DOUBLE_TOKEN;
  else Object.assign(env, { UP42_USERNAME: UP42_DOUBLE_USERNAME, UP42_PASSWORD: UP42_DOUBLE_PASSWORD, UP42_AUTH_URL: double.authUrl });
  const workspaceId = options.workspaceId === undefined ? UP42_DOUBLE_WORKSPACE_ID : options.workspaceId;
  if (workspaceId !== null) env.UP42_WORKSPACE_ID = workspaceId;
  return env;
}
