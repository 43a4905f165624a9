/**
 * `POST /graphql` with a plain JSON operation is answered before yoga (src/execution/json-post-route.ts).
 * Every request here goes to two node:http servers over the same gateway: the gateway's own
 * handler, and yoga alone. The answers must be the same, whether the route takes the request or
 * hands it to yoga (refusals, bad bodies, browsers, subscriptions).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { plainJsonPost } from '../src/execution/json-post-route.ts';
import { createTestGateway } from './support/gateway.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(handler: (request: IncomingMessage, response: import('node:http').ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The headers a client acts on; date, request id and keep-alive differ by nature. */
const COMPARED_HEADERS = ['content-type', 'content-length', 'www-authenticate', 'retry-after', 'accept', 'allow', 'connection', 'access-control-allow-origin'];

function comparable(answer: Answer) {
  return {
    status: answer.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, answer.headers[name]])),
    body: answer.body,
  };
}

let app: App;
let adminKey: string;
let viaGateway: string;
let viaYoga: string;

beforeEach(async () => {
  const gateway = await createTestGateway({ HOOKGATE_AUTH: 'on', HOOKGATE_RATE_LIMIT_PER_MINUTE: '0', HOOKGATE_MAX_BODY_BYTES: '400000' });
  cleanups.push(() => gateway.close());
  app = gateway.app;
  adminKey = app.bootstrapKey!.token;
  viaGateway = await listen(app.handleRequest);
  viaYoga = await listen((req, res) => void app.yoga(req, res));
});

async function send(origin: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await request(`${origin}/graphql`, { method: 'POST', headers, body });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: compared as text.
  }
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

/** Sends the same request both ways; returns the gateway's answer after checking yoga's is the same. */
async function both(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const all = { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${adminKey}`, ...headers };
  for (const [name, value] of Object.entries(all)) if (value === '') delete all[name as keyof typeof all];
  const gateway = await send(viaGateway, text, all);
  const yoga = await send(viaYoga, text, all);
  expect(comparable(gateway)).toEqual(comparable(yoga));
  expect(typeof gateway.headers['x-request-id']).toBe('string');
  return gateway;
}

/** Whether the route takes a request with these headers (it decides before reading the body). */
function taken(headers: Record<string, string>, url = '/graphql', method = 'POST'): boolean {
  const message = { method, url, headers } as unknown as IncomingMessage;
  return plainJsonPost(message, '/graphql', 400_000) !== null;
}

const json = (body: string) => ({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });

describe('POST /graphql answered before yoga', () => {
  it('takes plain JSON operations only, deciding from the headers', () => {
    const body = '{"query":"{ __typename }"}';
    expect(taken({ ...json(body), accept: 'application/graphql-response+json' })).toBe(true);
    expect(taken({ ...json(body), accept: 'application/json' })).toBe(true);
    expect(taken({ ...json(body), accept: '*/*' })).toBe(true);
    expect(taken(json(body))).toBe(true);
    expect(taken({ ...json(body), 'content-type': 'application/json; charset=utf-8' })).toBe(true);

    expect(taken({ ...json(body), accept: 'text/event-stream' })).toBe(false);
    expect(taken({ ...json(body), accept: 'application/graphql-response+json, application/json;q=0.9' })).toBe(false);
    expect(taken({ ...json(body), origin: 'http://127.0.0.1' })).toBe(false);
    expect(taken({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' })).toBe(false);
    expect(taken({ ...json(body), 'content-length': '400001' })).toBe(false);
    expect(taken({ ...json(body), 'content-encoding': 'gzip' })).toBe(false);
    expect(taken({ ...json(body), 'content-type': 'application/graphql' })).toBe(false);
    expect(taken(json(body), '/graphql?query=x')).toBe(false);
    expect(taken(json(body), '/graphql', 'GET')).toBe(false);
    expect(taken(json(body), '/other')).toBe(false);
  });

  it('answers results as yoga does, for each Accept it takes', async () => {
    const query = { query: '{ providers { name configured } }' };
    const answer = await both(query);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(answer.body).toMatchObject({ data: { providers: expect.any(Array) } });
    expect((await both(query, { accept: 'application/json' })).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await both(query, { accept: '*/*' })).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await both(query, { accept: '' })).headers['content-type']).toBe('application/json; charset=utf-8');
    await both({ query: 'query A { __typename } query B { providers { name } }', operationName: 'B' });
    await both({ query: 'query ($first: Int) { webhooks(first: $first) { edges { cursor } } }', variables: { first: 5 }, extensions: {} });
  });

  it('answers errors with yoga\'s statuses and bodies', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      expect((await both({ query: '{ nope }' }, { accept })).body).toMatchObject({ errors: [expect.anything()] });
      await both({ query: '{' }, { accept });
      await both({ query: 'query ($first: Int) { webhooks(first: $first) { edges { cursor } } }', variables: { first: 'x' } }, { accept });
      await both({ query: '{ webhook(id: "not-a-webhook-id") { id } }' }, { accept });
      await both({ query: '{ webhooks(first: 1000) { edges { cursor } } }' }, { accept });
      await both({ query: 'subscription { deliveryEvents { outcome } }' }, { accept });
    }
  });

  it('leaves refusals and bodies that are not a plain operation to yoga', async () => {
    expect((await both({ query: '{ __typename }' }, { authorization: '' })).status).toBe(401);
    expect((await both({ query: '{ __typename }' }, { authorization: 'Bearer hg_not_a_real_key' })).status).toBe(401);
    expect((await both('{"query": "{ __typename }"')).status).toBe(400);
    await both([{ query: '{ __typename }' }]);
    await both({ query: '{ __typename }', unexpected: 1 });
    await both({ query: 42 });
    await both('null');
    await both({ query: '{ __typename }' }, { origin: 'http://127.0.0.1' });
  });

  it('runs mutations once, with their typed results', async () => {
    const create = (url: string) => ({
      query: 'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename ... on CreateWebhookSuccess { webhook { url } } } }',
      variables: { url },
    });
    const answer = await send(viaGateway, JSON.stringify(create('https://example.com/one')), {
      'content-type': 'application/json',
      authorization: `Bearer ${adminKey}`,
    });
    expect(answer.body).toEqual({ data: { createWebhook: { __typename: 'CreateWebhookSuccess', webhook: { url: 'https://example.com/one' } } } });
    const listed = await both({ query: '{ webhooks(provider: LOCAL) { edges { node { url } } } }' });
    expect(listed.body).toEqual({ data: { webhooks: { edges: [{ node: { url: 'https://example.com/one' } }] } } });
  });
});

describe('POST /graphql answered before yoga, rate limited', () => {
  it('refuses a key over its allowance as yoga does (429 with Retry-After)', async () => {
    const gateway = await createTestGateway({ HOOKGATE_AUTH: 'on', HOOKGATE_RATE_LIMIT_PER_MINUTE: '1', HOOKGATE_RATE_LIMIT_BURST: '2' });
    cleanups.push(() => gateway.close());
    const key = gateway.app.bootstrapKey!.token;
    const origin = await listen(gateway.app.handleRequest);
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` };
    const statuses: number[] = [];
    let refused: Answer | undefined;
    for (let i = 0; i < 3; i++) {
      const answer = await send(origin, JSON.stringify({ query: '{ __typename }' }), headers);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(refused!.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused!.body).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
  });
});
