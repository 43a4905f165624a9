import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { createSchema, createYoga } from 'graphql-yoga';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../src/app.ts';
import { ConfigError } from '../src/config.ts';
import { GRAPHIQL_DEFAULT_QUERY } from '../src/graphiql-default-query.ts';
import { useRateLimit } from '../src/security/rate-limit-plugin.ts';
import { TokenBucketRateLimiter } from '../src/security/rate-limiter.ts';
import { startGateway } from '../src/server.ts';
import { CreateEventType } from './support/documents.ts';
import { createTestGateway, run, storeSnapshot, tempDataDir, testConfig } from './support/gateway.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gateway(env: Record<string, string> = {}): Promise<App> {
  const created = await createTestGateway(env);
  cleanups.push(() => created.close());
  return created.app;
}

async function listen(app: App): Promise<string> {
  const server: Server = createServer(app.handleRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(app: App, body: unknown, headers: Record<string, string> = {}) {
  const response = await app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse };
}

/** webhooks → … → deliveries → … → webhook, `rounds` times over: depth 4 + 4 × rounds. */
const chain = (rounds: number): string =>
  rounds === 0 ? 'id' : `deliveries(first: 1) { edges { node { webhook { ${chain(rounds - 1)} } } } }`;
const deepQuery = (rounds: number) => `{ webhooks(first: 1) { edges { node { ${chain(rounds)} } } } }`;

describe('GraphQL abuse limits', () => {
  it('refuses a document over each limit before execution, naming the limit', async () => {
    const app = await gateway({
      HOOKGATE_MAX_DEPTH: '4',
      HOOKGATE_MAX_COST: '500',
      HOOKGATE_MAX_ALIASES: '2',
      HOOKGATE_MAX_DIRECTIVES: '2',
      HOOKGATE_MAX_TOKENS: '80',
    });
    const cases: [string, string, RegExp][] = [
      ['depth', `{ webhooks { edges { node { deliveries { edges { node { id } } } } } } }`, /depth limit of 4 exceeded/i],
      ['cost', `{ webhooks(first: 100) { edges { node { id url events } } } }`, /cost limit of 500 exceeded/i],
      ['aliases', `{ a: providers { name } b: providers { name } c: providers { name } }`, /aliases limit of 2 exceeded/i],
      ['directives', `{ providers @skip(if: false) { name @include(if: true) configured @include(if: true) } }`, /directives limit of 2/i],
      ['tokens', `{ ${Array.from({ length: 30 }, () => 'providers { name }').join(' ')} }`, /token limit of 80 exceeded/i],
    ];
    for (const [limit, query, message] of cases) {
      const response = await post(app, { query });
      expect(response.status, limit).toBe(400);
      expect(response.body.data, limit).toBeUndefined();
      expect(response.body.errors, limit).toHaveLength(1);
      expect(response.body.errors?.[0]?.message, limit).toMatch(message);
      expect(response.body.errors?.[0]?.message, limit).not.toMatch(/^Syntax Error/);
      expect(response.body.errors?.[0]?.extensions, limit).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    }
  });

  it('never executes a refused mutation', async () => {
    const app = await gateway({ HOOKGATE_MAX_ALIASES: '1' });
    const before = await storeSnapshot(app);
    const response = await post(app, {
      query: `mutation {
        a: createWebhookEventType(input: { name: "a.b" }) { __typename }
        b: createWebhookEventType(input: { name: "c.d" }) { __typename }
      }`,
    });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
    expect(await storeSnapshot(app)).toEqual(before);
  });

  it('keeps the default limits above what legitimate clients send', async () => {
    const app = await gateway();
    // The whole GraphiQL tour is validated whichever operation runs.
    for (const operationName of ['Providers', 'ListWebhooks']) {
      const response = await post(app, { query: GRAPHIQL_DEFAULT_QUERY, operationName });
      expect(response.body.errors, operationName).toBeUndefined();
    }
    const introspection = await post(app, { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) });
    expect(introspection.body.errors).toBeUndefined();
    const fullPage = await post(app, {
      query: `{ webhooks(first: 100) { edges { cursor node { id provider externalId url urls name events active isTest hasSecret
        createdAt updatedAt disabledReason scope { divisionId shopId companyId workspaceId } eventTypes { name title description } } }
        pageInfo { hasNextPage endCursor } providerErrors { provider message } } }`,
    });
    expect(fullPage.body.errors).toBeUndefined();
  });

  it('still refuses multiplying nested pages and deep chains under the defaults', async () => {
    const app = await gateway();
    const response = await post(app, {
      query: `{ webhooks(first: 100) { edges { node { id deliveries(first: 100) { edges { node { id status } } } } } } }`,
    });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' });
    expect((await post(app, { query: deepQuery(2) })).body.errors).toBeUndefined(); // depth 12
    const deep = await post(app, { query: deepQuery(3) }); // depth 16
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ limit: 'depth' });
  });
});

describe('introspection and GraphiQL switches', () => {
  it('answers introspection and suggests field names by default', async () => {
    const app = await gateway();
    const schema = await post(app, { query: '{ __schema { queryType { name } } __type(name: "Webhook") { name } }' });
    expect(schema.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, __type: { name: 'Webhook' } } });
    const typo = await post(app, { query: '{ webhoks { totalCount } }' });
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "webhooks"/);
  });

  it('refuses __schema and __type and hides field suggestions when introspection is off', async () => {
    const app = await gateway({ HOOKGATE_INTROSPECTION: 'false' });
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Webhook") { fields { name } } }']) {
      const response = await post(app, { query });
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/introspection has been disabled/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    }
    const typo = await post(app, { query: '{ webhoks { totalCount } }' });
    expect(typo.body.errors?.[0]?.message).toMatch(/Cannot query field "webhoks"/);
    expect(typo.body.errors?.[0]?.message).not.toMatch(/webhooks/);
    expect((await post(app, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves GraphiQL to a browser only while it is on', async () => {
    const browser = { accept: 'text/html' };
    const on = await (await gateway()).yoga.fetch('http://hookgate.test/graphql', { headers: browser });
    expect(on.headers.get('content-type')).toMatch(/text\/html/);
    expect(await on.text()).toMatch(/<title>Hookgate<\/title>/);

    const off = await (await gateway({ HOOKGATE_GRAPHIQL: 'off' })).yoga.fetch('http://hookgate.test/graphql', { headers: browser });
    expect(off.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await off.text()).not.toMatch(/<html/i);
  });
});

describe('request body limit', () => {
  it('answers 413 with a GraphQL error when Content-Length is over the limit', async () => {
    const app = await gateway({ HOOKGATE_MAX_BODY_BYTES: '300000' });
    const response = await post(app, { query: '{ __typename }', variables: { pad: 'x'.repeat(300_000) } });
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_ENTITY_TOO_LARGE' });
  });

  it('cuts off a streamed body without Content-Length once it passes the limit, and closes the connection', async () => {
    const url = await listen(await gateway({ HOOKGATE_MAX_BODY_BYTES: '300000' }));
    let sent = 0;
    async function* endless() {
      yield '{"query":"{ __typename }","variables":{"pad":"';
      for (let i = 0; i < 10_000; i++) {
        sent += 16_384;
        yield 'x'.repeat(16_384);
      }
      yield '"}}';
    }
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(endless()) });
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(await response.body.json()).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    expect(sent).toBeLessThan(10_000 * 16_384);
  });

  it('takes a publishEvent with the largest payload allowed', async () => {
    const app = await gateway();
    await run(app, CreateEventType, { input: { name: 'order.created' } });
    const payload = { blob: 'x'.repeat(256 * 1024 - 64) };
    const response = await post(app, {
      query: `mutation ($payload: JSON!) { publishEvent(input: { event: "order.created", payload: $payload }) { __typename } }`,
      variables: { payload },
    });
    expect(response.body).toEqual({ data: { publishEvent: { __typename: 'PublishEventSuccess' } } });
  });
});

describe('token bucket', () => {
  it('allows a burst, then one request per refill interval, with the wait until the next', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(limiter.take('b').allowed).toBe(true); // keys are independent
    now = 400;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 600 });
    now = 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('takes several tokens at once, or none', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter({ perMinute: 60, burst: 5, now: () => now });
    expect(limiter.take('a', 3).allowed).toBe(true);
    expect(limiter.take('a', 3)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(limiter.take('a', 2).allowed).toBe(true); // the refused take spent nothing
    now = 3000;
    expect(limiter.take('a', 3).allowed).toBe(true);
  });

  it('forgets idle keys and never holds more than maxKeys buckets', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter({ perMinute: 60, burst: 2, maxKeys: 1000, now: () => now });
    for (let i = 0; i < 5000; i++) limiter.take(`key-${i}`);
    expect(limiter.size).toBe(1000);
    now = 1000;
    limiter.take('recent');
    now = 2500; // every bucket but "recent" has been idle long enough to be full again
    limiter.take('other');
    expect(limiter.size).toBe(2);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and a RATE_LIMITED error per API key', async () => {
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ping: String }', resolvers: { Query: { ping: () => 'pong' } } }),
      context: ({ request }) => {
        const keyId = request.headers.get('x-test-key');
        return { principal: keyId ? { keyId, tenant: 't', scopes: [] } : null };
      },
      plugins: [useRateLimit({ limiter: new TokenBucketRateLimiter({ perMinute: 6, burst: 2 }) })],
    });
    const ping = (keyId: string) =>
      yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-key': keyId },
        body: JSON.stringify({ query: '{ ping }' }),
      });
    expect((await ping('k1')).status).toBe(200);
    expect((await ping('k1')).status).toBe(200);
    const limited = await ping('k1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^(9|10)$/);
    const body = (await limited.json()) as GraphQLResponse;
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: Number(limited.headers.get('retry-after')) });
    expect((await ping('k2')).status).toBe(200);
  });

  it('limits callers without a key by client address, over HTTP, without executing', async () => {
    const app = await gateway({ HOOKGATE_RATE_LIMIT_PER_MINUTE: '1', HOOKGATE_RATE_LIMIT_BURST: '3' });
    const url = await listen(app);
    const send = (query: string) =>
      request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    for (let i = 0; i < 3; i++) expect((await send('{ __typename }')).statusCode).toBe(200);
    const before = await storeSnapshot(app);
    const limited = await send('mutation { createWebhookEventType(input: { name: "too.many" }) { __typename } }');
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.body.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
    expect(await storeSnapshot(app)).toEqual(before);
    expect((await request(url.replace('/graphql', '/healthz'))).statusCode).toBe(200);
  });

  it('refuses an operation over WebSocket with the same error, keeping the connection', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const running = await startGateway(
      testConfig({ DATA_DIR: data.dir, HOOKGATE_RATE_LIMIT_PER_MINUTE: '1', HOOKGATE_RATE_LIMIT_BURST: '1' }),
    );
    cleanups.push(() => running.stop());
    const closes: number[] = [];
    const client = createClient({
      url: `${running.origin.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      on: { closed: (event) => void closes.push((event as { code: number }).code) },
    });
    cleanups.push(() => client.dispose());
    const once = () =>
      new Promise<unknown[]>((resolve, reject) => {
        const results: unknown[] = [];
        client.subscribe({ query: '{ __typename }' }, { next: (r) => void results.push(r), error: reject, complete: () => resolve(results) });
      });
    expect(await once()).toEqual([{ data: { __typename: 'Query' } }]);
    expect(await once()).toEqual([
      {
        errors: [
          { message: expect.stringMatching(/Too many requests/), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } },
        ],
      },
    ]);
    expect(closes).toEqual([]);
  });
});

describe('configuration', () => {
  it('names the variable of a bad limit, switch or level', () => {
    for (const [variable, value] of [
      ['HOOKGATE_MAX_DEPTH', '0'],
      ['HOOKGATE_RATE_LIMIT_PER_MINUTE', '-1'],
      ['HOOKGATE_INTROSPECTION', 'maybe'],
      ['HOOKGATE_GRAPHIQL', 'sometimes'],
      ['LOG_LEVEL', 'loud'],
      ['HOOKGATE_MAX_BODY_BYTES', '100000'],
    ] as const) {
      expect(() => testConfig({ [variable]: value }), variable).toThrow(ConfigError);
      expect(() => testConfig({ [variable]: value }), variable).toThrow(new RegExp(`${variable}:`));
    }
  });

  it('turns rate limiting off with 0 per minute', () => {
    expect(testConfig({ HOOKGATE_RATE_LIMIT_PER_MINUTE: '0' }).security.rateLimit).toBeNull();
    expect(testConfig().security).toMatchObject({
      limits: { maxDepth: 12, maxCost: 20_000, maxAliases: 15, maxDirectives: 50, maxTokens: 2_000 },
      maxBodyBytes: 1024 * 1024,
      rateLimit: { perMinute: 600, burst: 100 },
      introspection: true,
      graphiql: true,
    });
  });
});
