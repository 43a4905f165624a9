import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { createLogger, type Logger } from '../src/observability/logger.ts';
import { RequestLog, type RequestLogContext, useRequestLog } from '../src/observability/request-log-plugin.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger whose JSON lines the test reads back. */
function capturedLogger(): { logger: Logger; text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (chunk: string) => void chunks.push(chunk) } });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text, lines };
}

async function serve(env: Record<string, string>, logger: Logger): Promise<{ app: App; url: string }> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const app = await createApp(testConfig({ DATA_DIR: data.dir, ...env }), { logger });
  cleanups.push(() => app.close());
  const server = createServer((request, response) => app.handleRequest(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

const secret = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

describe('structured request logs', () => {
  it('never log credentials or webhook secrets, while every response and log line carries its request id', async () => {
    const capture = capturedLogger();
    const { app, url } = await serve({ HOOKGATE_MAX_BODY_BYTES: '300000' }, capture.logger);
    const bearer = secret('hg_secret_');
    const apiKey = secret('hg_secret_');
    const cookie = secret('session=');
    const inlineSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const variableSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const secrets = [bearer, apiKey, cookie, inlineSecret, variableSecret, inlineSecret.slice(6), variableSecret.slice(6)];

    const requestIds: string[] = [];
    const responses: string[] = [];
    async function send(body: unknown, headers: Record<string, string> = {}) {
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bearer}`,
          'x-api-key': apiKey,
          cookie,
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const id = response.headers['x-request-id'];
      expect(typeof id).toBe('string');
      requestIds.push(String(id));
      const text = await response.body.text();
      responses.push(text);
      return { status: response.statusCode, id: String(id), text };
    }

    await send({ query: 'mutation { createWebhookEventType(input: { name: "invoice.paid" }) { __typename } }' });
    const inline = await send(
      {
        query: `mutation Create { createWebhook(input: { provider: LOCAL, url: "https://example.com/a", events: ["*"], secret: "${inlineSecret}" }) {
          __typename ... on CreateWebhookSuccess { webhook { id } } } }`,
      },
      { 'x-request-id': 'req-create-inline' },
    );
    expect(inline.id).toBe('req-create-inline');
    const webhookId = (JSON.parse(inline.text) as { data: { createWebhook: { webhook: { id: string } } } }).data.createWebhook.webhook.id;
    await send({
      query: `mutation CreateWithVariables($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename } }`,
      variables: { input: { provider: 'LOCAL', url: 'https://example.com/b', events: ['*'], secret: variableSecret } },
    });

    // Queries: no secret in any answer.
    const queryAnswers = [
      await send({
        query: `query List { webhooks(first: 100) { edges { node { id provider externalId url urls name events active isTest hasSecret
          createdAt updatedAt disabledReason } } providerErrors { provider message } } }`,
      }),
      await send({ query: `query One($id: ID!) { webhook(id: $id) { id url hasSecret } node(id: $id) { id } }`, variables: { id: webhookId } }),
    ];
    for (const answer of queryAnswers) {
      expect(answer.text).toMatch(/"hasSecret":true/);
      for (const s of secrets) expect(answer.text).not.toContain(s);
    }

    // Errors whose messages quote the secret back to the caller.
    const badVariable = await send({ query: 'query Bad($n: Int) { webhooks(first: $n) { edges { cursor } } }', variables: { n: variableSecret } });
    expect(badVariable.text).toContain(variableSecret);
    await send({ query: `{ webhooks(first: "${inlineSecret}") { edges { cursor } } }` });
    await send(`{"query": "{ __typename }", "variables": ${JSON.stringify({ s: inlineSecret })}, broken`);
    const tooLarge = await send({ query: '{ __typename }', variables: { secret: inlineSecret, pad: 'x'.repeat(300_000) } });
    expect(tooLarge.status).toBe(413);
    const insane = await send({ query: '{ __typename }' }, { 'x-request-id': 'not sane; ' + 'x'.repeat(200) });
    expect(insane.id).toMatch(/^[0-9a-f-]{36}$/);
    // A fault the gateway did not expect: masked for the caller, logged with its cause.
    await app.store.close();
    const fault = await send({ query: 'query AfterStoreClosed { webhooks { edges { cursor } } }' });
    expect(fault.text).toMatch(/Unexpected error/);

    const log = capture.text();
    for (const s of secrets) expect(log).not.toContain(s);
    expect(log).not.toMatch(/Bearer/);

    const requestLines = capture.lines().filter((line) => line.msg === 'request' || line.msg === 'request failed');
    expect(requestLines.map((line) => line.requestId)).toEqual(requestIds);
    expect(requestLines.find((line) => line.requestId === 'req-create-inline')).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationType: 'mutation',
      operationName: 'Create',
      durationMs: expect.any(Number),
    });
    expect(requestLines.find((line) => line.requestId === tooLarge.id)).toMatchObject({ status: 413 });
    expect(requestLines.find((line) => line.requestId === fault.id)).toMatchObject({ operationName: 'AfterStoreClosed', errorCodes: ['INTERNAL_SERVER_ERROR'] });
    // The fault is logged with its cause, under the id of the request that met it.
    expect(capture.lines().find((line) => line.level === 50 && line.err !== undefined)).toMatchObject({
      requestId: fault.id,
      err: { message: 'database is not open', path: ['webhooks'] },
    });
  });

  it('puts the request id and a child logger on the GraphQL context', async () => {
    const capture = capturedLogger();
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { whoami: String }',
        resolvers: {
          Query: {
            whoami: (_root: unknown, _args: unknown, context: RequestLogContext) => {
              context.log.info('resolving');
              return context.requestId;
            },
          },
        },
      }),
      logging: false,
      plugins: [useRequestLog(new RequestLog(capture.logger))],
    });
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42' },
      body: JSON.stringify({ query: '{ whoami }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(await response.json()).toEqual({ data: { whoami: 'trace-42' } });
    expect(capture.lines().find((line) => line.msg === 'resolving')).toMatchObject({ requestId: 'trace-42' });
  });

  it('censors credentials in any object that is logged', () => {
    const capture = capturedLogger();
    capture.logger.info(
      {
        req: { headers: { authorization: 'Bearer a', 'x-api-key': 'b', cookie: 'c', accept: 'application/json' } },
        input: { secret: 'd', url: 'https://example.com' },
        apiKey: 'e',
        password: 'f',
        variables: { anything: 'g' },
      },
      'object',
    );
    expect(capture.lines()[0]).toMatchObject({
      req: { headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]', cookie: '[Redacted]', accept: 'application/json' } },
      input: { secret: '[Redacted]', url: 'https://example.com' },
      apiKey: '[Redacted]',
      password: '[Redacted]',
      variables: '[Redacted]',
    });
  });

  it("logs an inbound request's path without its source token (the source's credential)", async () => {
    const captured = capturedLogger();
    const { url } = await serve({}, captured.logger);
    const created = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { createInboundSource(input: { provider: BLAZE, events: ["NEW_CONSUMER_ORDER"], registerUpstream: false }) { ... on CreateInboundSourceSuccess { source { url } } } }',
      }),
    });
    const source = ((await created.json()) as { data: { createInboundSource: { source: { url: string } } } }).data.createInboundSource.source;
    const token = new URL(source.url).pathname.split('/').at(-1)!;
    const inbound = new URL(url);
    inbound.pathname = `/inbound/${token}`;
    expect((await fetch(inbound, { method: 'POST', body: '{"webHookType":"NEW_CONSUMER_ORDER"}' })).status).toBe(200);
    const unknown = new URL(inbound);
    unknown.pathname = `/inbound/${'x'.repeat(43)}`;
    expect((await fetch(unknown, { method: 'POST', body: '{}' })).status).toBe(404);
    await new Promise<void>((resolve) => captured.logger.flush(() => resolve()));
    const inboundLines = captured.lines().filter((line) => line.path === '/inbound/…');
    // Accepted deliveries at debug (they are counted and stored), refusals at info.
    expect(inboundLines.map((line) => [line.status, line.level])).toEqual([
      [200, 20],
      [404, 30],
    ]);
    expect(inboundLines.every((line) => typeof line.requestId === 'string')).toBe(true);
    expect(captured.text()).not.toContain(token);
  });
});
