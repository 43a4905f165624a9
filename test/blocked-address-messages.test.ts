/**
 * An outbound request the address guard refuses tells the caller "blocked: private address"
 * and nothing about what the hostname resolved to; the operator's log line has the address.
 * Both for testWebhook and for deliveries. (Before, callers read "Refused to connect to
 * localhost: 127.0.0.1 is a private, loopback, …".)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { createLogger } from '../src/observability/logger.ts';
import { CreateEventType, CreateWebhook } from './support/documents.ts';
import { run, tempDataDir, testConfig } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(app: App): Promise<string> {
  const server = createServer(app.yoga);
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

async function callGateway(url: string, query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.body.text();
}

it('tells callers only "blocked: private address", and logs the address', async () => {
  const receiver = await Receiver.start();
  cleanups.push(() => receiver.close());
  const data = tempDataDir();
  cleanups.push(data.remove);

  // Saved while loopback was allowed; the operator then removed the allowlist.
  const allowing = await createApp(testConfig({ DATA_DIR: data.dir }));
  await run(allowing, CreateEventType, { input: { name: 'order.created' } });
  const created = await run(allowing, CreateWebhook, {
    input: { provider: 'LOCAL', url: `http://localhost:${receiver.port}/hooks`, events: ['*'] },
  });
  if (created.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(created));
  const id = created.createWebhook.webhook.id;
  await allowing.close();

  const log: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (chunk: string) => void log.push(chunk) } });
  const strict = await createApp(testConfig({ DATA_DIR: data.dir, HOOKGATE_ALLOW_PRIVATE_NETWORKS: '' }), { logger });
  cleanups.push(() => strict.close());
  const url = await serve(strict);

  const tested = await callGateway(url, 'mutation ($id: ID!) { testWebhook(id: $id) { ... on TestWebhookSuccess { result { tests { success error } } } } }', { id });
  expect(JSON.parse(tested)).toEqual({ data: { testWebhook: { result: { tests: [{ success: false, error: 'blocked: private address' }] } } } });

  await callGateway(url, 'mutation { publishEvent(input: { event: "order.created", payload: { n: 1 } }) { __typename } }');
  const deliveriesQuery = '{ deliveries(first: 5) { nodes { lastError attempts { error } } } }';
  await waitFor(async () => (JSON.parse(await callGateway(url, deliveriesQuery)).data.deliveries.nodes[0]?.attempts.length ?? 0) > 0);
  const deliveries = await callGateway(url, deliveriesQuery);
  expect(JSON.parse(deliveries).data.deliveries.nodes[0]).toEqual({
    lastError: 'blocked: private address',
    attempts: [{ error: 'blocked: private address' }],
  });

  for (const answer of [tested, deliveries]) expect(answer).not.toMatch(/127\.0\.0\.1|::1|loopback/);
  expect(receiver.requests).toHaveLength(0);

  const blocked = log
    .join('')
    .split('\n')
    .filter((line) => line.includes('outbound request blocked'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // One line per refused request: the test send and the delivery attempt.
  expect(blocked).toHaveLength(2);
  // 40: warn.
  for (const line of blocked) expect(line).toMatchObject({ level: 40, host: 'localhost', reason: expect.stringContaining('127.0.0.1') });
});
