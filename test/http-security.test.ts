/**
 * What a web page, a keyless caller or an idle client can do to a gateway on loopback, through
 * real HTTP and WebSocket: Host and Origin checks, CSRF-proof content types, a CORS allowlist,
 * authentication before parsing (rate-limited by address, no schema hints), and graphql-ws
 * connections refused at connection_init.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { createApiKey } from '../src/auth/api-keys.ts';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { spawnGatewayWithKey } from './support/child-gateway.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string> = {}): Promise<RunningGateway> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const gateway = await startGateway(testConfig({ DATA_DIR: data.dir, ...env }));
  cleanups.push(() => gateway.stop());
  return gateway;
}

const CREATE_EVENT_TYPE = 'mutation { createWebhookEventType(input: { name: "csrf.ran" }) { __typename } }';

async function post(gateway: RunningGateway, body: string, headers: Record<string, string> = {}) {
  const response = await request(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const json = (query: string) => JSON.stringify({ query });

async function eventTypeNames(gateway: RunningGateway) {
  return (await gateway.app.store.listEventTypes('default')).map((type) => type.name);
}

/** Opens a graphql-ws socket and resolves with how it ended: acknowledged, or closed with a code. */
async function wsHandshake(
  url: string,
  options: { headers?: Record<string, string>; init?: Record<string, unknown> | null } = {},
): Promise<{ acked: boolean; code?: number; reason?: string; status?: number; socket: WebSocket }> {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers: options.headers });
  socket.on('error', () => {}); // a refused upgrade also emits an error; the 'unexpected-response' tells the status
  cleanups.push(() => socket.terminate());
  return new Promise((resolve) => {
    socket.once('unexpected-response', (_request, response) => resolve({ acked: false, status: response.statusCode, socket }));
    socket.once('open', () => {
      if (options.init !== null) socket.send(JSON.stringify({ type: 'connection_init', payload: options.init ?? {} }));
    });
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ acked: true, socket });
    });
    socket.once('close', (code, reason) => resolve({ acked: false, code, reason: String(reason), socket }));
  });
}

describe('with HOOKGATE_AUTH=off, a web page', () => {
  it('cannot reach the gateway through another host name (DNS rebinding): 421, over HTTP and WebSocket', async () => {
    const gateway = await start({ HOOKGATE_ALLOWED_HOSTS: 'hookgate.internal' });
    const port = new URL(gateway.origin).port;
    const rebound = await post(gateway, json(CREATE_EVENT_TYPE), { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.text)).toMatchObject({
      errors: [{ message: expect.stringMatching(/HOOKGATE_ALLOWED_HOSTS/), extensions: { code: 'MISDIRECTED_REQUEST' } }],
    });
    expect(await eventTypeNames(gateway)).toEqual([]);
    const ws = await wsHandshake(`${gateway.origin.replace('http', 'ws')}/graphql`, { headers: { host: `attacker.example:${port}` } });
    expect(ws.status).toBe(421);

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `hookgate.internal:${port}`, 'HOOKGATE.INTERNAL']) {
      expect((await post(gateway, json('{ __typename }'), { host })).status, host).toBe(200);
    }
    // Health probes, which often address an IP, reveal nothing and are answered whatever the Host.
    const probe = await request(`${gateway.origin}/healthz`, { headers: { host: `10.1.2.3:${port}` } });
    expect(probe.statusCode).toBe(200);
    await probe.body.dump();
  });

  it('cannot run a mutation with a cross-site form post or a text/plain body: 415, nothing created', async () => {
    const gateway = await start();
    const form = await post(gateway, `query=${encodeURIComponent(CREATE_EVENT_TYPE)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.text)).toMatchObject({ errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/graphql']) {
      expect((await post(gateway, json(CREATE_EVENT_TYPE), { 'content-type': type })).status, type).toBe(415);
    }
    // A GET never runs a mutation (yoga's default, kept).
    const get = await request(`${gateway.origin}/graphql?query=${encodeURIComponent(CREATE_EVENT_TYPE)}`);
    expect(get.statusCode).toBe(405);
    await get.body.dump();
    expect(await eventTypeNames(gateway)).toEqual([]);
    expect((await post(gateway, json(CREATE_EVENT_TYPE), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(await eventTypeNames(gateway)).toEqual(['csrf.ran']);
  });

  it('of another origin is refused (403, no CORS headers); a listed origin gets CORS without credentials', async () => {
    const gateway = await start({ HOOKGATE_CORS_ORIGINS: 'https://app.example.com' });
    const foreign = await post(gateway, json(CREATE_EVENT_TYPE), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({
      errors: [{ message: expect.stringMatching(/HOOKGATE_CORS_ORIGINS/), extensions: { code: 'CROSS_SITE_REQUEST' } }],
    });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(`${gateway.origin}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    await preflight.body.dump();
    const noCors = await post(gateway, json(CREATE_EVENT_TYPE), { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' });
    expect(noCors.status).toBe(403);
    expect(await eventTypeNames(gateway)).toEqual([]);

    // Same origin (GraphiQL's own requests) and the listed origin pass.
    const sameOrigin = await post(gateway, json('{ __typename }'), { origin: gateway.origin, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
    const listedPreflight = await request(`${gateway.origin}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(listedPreflight.statusCode).toBe(204);
    expect(listedPreflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(listedPreflight.headers['access-control-allow-credentials']).toBeUndefined();
    await listedPreflight.body.dump();
    const listed = await post(gateway, json('{ __typename }'), { origin: 'https://app.example.com' });
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('of another origin cannot open a WebSocket or an SSE stream; GraphiQL, on the same origin, still works', async () => {
    const gateway = await start();
    const url = `${gateway.origin.replace('http', 'ws')}/graphql`;
    expect(await wsHandshake(url, { headers: { origin: 'https://evil.example' } })).toMatchObject({ acked: false, status: 403 });
    expect(await wsHandshake(url, { headers: { origin: gateway.origin } })).toMatchObject({ acked: true });

    const sse = await request(`${gateway.origin}/graphql?query=${encodeURIComponent('subscription { deliveryEvents { eventType } }')}`, {
      headers: { accept: 'text/event-stream', origin: 'https://evil.example' },
    });
    expect(sse.statusCode).toBe(403);
    await sse.body.dump();

    const page = await request(`${gateway.origin}/graphql`, { headers: { accept: 'text/html', 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('<title>Hookgate</title>');
  });
});

describe('a caller without a valid key', () => {
  it('is rate-limited by address before any parsing: 429 with Retry-After, while a keyed caller goes on', async () => {
    const gateway = await start({ HOOKGATE_AUTH: 'on', HOOKGATE_RATE_LIMIT_PER_MINUTE: '1', HOOKGATE_RATE_LIMIT_BURST: '3' });
    const { token } = await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] });
    for (let i = 0; i < 3; i++) expect((await post(gateway, json('{ __typename }'))).status).toBe(401);
    const limited = await post(gateway, 'not even JSON', { authorization: 'Bearer hg_000000000000_' + 'a'.repeat(43) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(JSON.parse(limited.text)).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    // Its own bucket (burst 3) is untouched by the keyless burst.
    for (let i = 0; i < 3; i++) expect((await post(gateway, json('{ __typename }'), { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('learns nothing about the schema: no parse or validation errors, no "Did you mean"', async () => {
    const gateway = await start({ HOOKGATE_AUTH: 'on' });
    const { token } = await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] });
    for (const query of ['{ webhoks { edges { node { id } } } }', '{ webhooks(', '{ __schema { types { name } } }']) {
      const keyless = await post(gateway, json(query));
      expect(keyless.status, query).toBe(401);
      expect(keyless.text).not.toMatch(/Did you mean|webhooks|Syntax Error|__schema/);
      expect(JSON.parse(keyless.text)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    // A key holder still gets the full validation message.
    const keyed = await post(gateway, json('{ webhoks { edges { node { id } } } }'), { authorization: `Bearer ${token}` });
    expect(JSON.parse(keyed.text).errors[0].message).toMatch(/Did you mean "webhooks"/);
  });
});

describe('graphql-ws with auth on', () => {
  it('closes a connection_init without a key (4401) or with a bad one (4403); accepts the forms HTTP accepts', async () => {
    const gateway = await start({ HOOKGATE_AUTH: 'on' });
    const { token } = await createApiKey(gateway.app.store, { tenant: 'acme', scopes: ['admin'] });
    const url = `${gateway.origin.replace('http', 'ws')}/graphql`;
    expect(await wsHandshake(url, { init: {} })).toMatchObject({ acked: false, code: 4401 });
    expect(await wsHandshake(url, { init: { Authorization: 'Bearer hg_000000000000_' + 'a'.repeat(43) } })).toMatchObject({
      acked: false,
      code: 4403,
    });
    for (const init of [
      { Authorization: `Bearer ${token}` },
      { authorization: `bearer ${token}` },
      { AUTHORIZATION: `BEARER ${token}` },
      { 'X-API-Key': token },
      { 'x-api-key': token },
    ]) {
      const handshake = await wsHandshake(url, { init });
      expect(handshake.acked, JSON.stringify(Object.keys(init))).toBe(true);
      handshake.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }));
      const [data] = (await once(handshake.socket, 'message')) as [Buffer];
      expect(JSON.parse(String(data))).toMatchObject({ id: '1', type: 'next', payload: { data: { __typename: 'Query' } } });
    }
  });

  it('closes a connection that sends no connection_init after the init timeout (4408)', async () => {
    const gateway = await start({ HOOKGATE_AUTH: 'on', HOOKGATE_WS_INIT_TIMEOUT_MS: '300' });
    const started = Date.now();
    const silent = await wsHandshake(`${gateway.origin.replace('http', 'ws')}/graphql`, { init: null });
    expect(silent).toMatchObject({ acked: false, code: 4408 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe('a subscription the key has no scope for', () => {
  it('is answered 403 over SSE with the FORBIDDEN error, and logged as a request, not a failure', async () => {
    const { child, token, stop } = await spawnGatewayWithKey({}, ['events:publish']);
    cleanups.push(stop);

    const response = await request(`${child.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: json('subscription { deliveryEvents { eventType } }'),
    });
    expect(response.statusCode).toBe(403);
    expect(await response.body.text()).toMatch(/"code":"FORBIDDEN"/);
    await waitFor(() => child.output().includes('"status":403'));
    const line = child.output().split('\n').find((l) => l.includes('"status":403'))!;
    expect(JSON.parse(line).level).toBeLessThanOrEqual(40);
    expect(child.output()).not.toMatch(/"level":50/);
  });
});

describe('configuration', () => {
  it('refuses a wildcard or a non-origin in HOOKGATE_CORS_ORIGINS and a URL in HOOKGATE_ALLOWED_HOSTS, naming the variable', () => {
    for (const [variable, value] of [
      ['HOOKGATE_CORS_ORIGINS', '*'],
      ['HOOKGATE_CORS_ORIGINS', 'https://app.example.com/path'],
      ['HOOKGATE_CORS_ORIGINS', 'app.example.com'],
      ['HOOKGATE_ALLOWED_HOSTS', 'https://gw.example.com'],
      ['HOOKGATE_MAX_CONNECTIONS', '0'],
      ['HOOKGATE_REVOCATION_CHECK_MS', '10'],
      ['HOOKGATE_IDLE_TIMEOUT_MS', '5000'],
      ['HOOKGATE_HEADERS_TIMEOUT_MS', '40000'],
    ] as const) {
      expect(() => testConfig({ [variable]: value }), `${variable}=${value}`).toThrow(new RegExp(`${variable}:`));
    }
  });

  it('checks Host names with auth off or an allowlist, not with auth on alone', () => {
    expect(testConfig({ HOOKGATE_AUTH: 'on' }).http.allowedHosts).toBeNull();
    expect(testConfig().http.allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(
      testConfig({ HOOKGATE_AUTH: 'on', HOST: '0.0.0.0', HOOKGATE_ALLOWED_HOSTS: 'GW.example.com', HOOKGATE_PUBLIC_URL: 'https://hooks.example.com/x' })
        .http,
    ).toMatchObject({ allowedHosts: ['localhost', '127.0.0.1', '::1', 'gw.example.com', 'hooks.example.com'], publicOrigin: 'https://hooks.example.com' });
    expect(testConfig({ HOOKGATE_CORS_ORIGINS: 'https://a.example, http://localhost:3000/' }).http.corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
  });
});
