import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { spawnGateway } from './support/child-gateway.ts';
import { buildGatewayAsStarted } from './support/start-command.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir, testConfig } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function graphql(origin: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as { data?: any; errors?: unknown[] } };
}

async function start(dataDir: string): Promise<RunningGateway> {
  const gateway = await startGateway(testConfig({ DATA_DIR: dataDir }));
  cleanups.push(() => gateway.stop());
  return gateway;
}

describe('the HTTP server', () => {
  it('serves GraphQL, GraphiQL, /healthz and /readyz', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await start(data.dir);

    const result = await graphql(gateway.origin, '{ providers { name configured } }');
    expect(result.status).toBe(200);
    expect(result.body.data.providers[0]).toEqual({ name: 'LOCAL', configured: true });

    const page = await request(`${gateway.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html).toContain('<title>Hookgate</title>');
    expect(html).toContain('createWebhook');

    expect((await request(`${gateway.origin}/healthz`)).statusCode).toBe(200);
    expect((await request(`${gateway.origin}/readyz`)).statusCode).toBe(200);
    await gateway.app.store.close();
    expect((await request(`${gateway.origin}/readyz`)).statusCode).toBe(503);
  });

  it('answers a request for `//`, a target the URL parser refuses, and goes on serving', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = await start(data.dir);
    const { port, hostname } = new URL(gateway.origin);
    const socket = connect(Number(port), hostname);
    cleanups.push(() => void socket.destroy());
    await once(socket, 'connect');
    socket.write(`GET // HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    const [head] = (await once(socket, 'data')) as [Buffer];
    expect(head.toString().split('\r\n')[0]).toMatch(/^HTTP\/1\.1 [45]\d\d /);
    expect((await request(`${gateway.origin}/healthz`)).statusCode).toBe(200);
  });

  it('starts as npm start runs it: built to dist/, with its Node flags, serving GraphiQL with an admin key', async () => {
    const command = buildGatewayAsStarted();
    expect(command.entry).toMatch(/dist\/main\.js$/);
    const data = tempDataDir();
    cleanups.push(data.remove);
    const child = spawnGateway({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }, command);
    cleanups.push(async () => {
      child.process.kill('SIGTERM');
      await child.exited;
    });
    await child.ready;

    const page = await request(`${child.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('<title>Hookgate</title>');
    const key = readFileSync(path.join(data.dir, 'admin-api-key'), 'utf8').trim();
    // Piped, not a terminal: the key stays in its file, out of every log and output line.
    await waitFor(() => child.output().includes('Admin key: created and kept in'), 60_000);
    expect(child.output()).not.toContain(key);
    expect(child.output()).toContain(`Admin key: created and kept in ${path.join(data.dir, 'admin-api-key')}`);
    const answer = await request(`${child.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ providers { name configured } }' }),
    });
    expect(((await answer.body.json()) as { data: { providers: unknown[] } }).data.providers[0]).toEqual({ name: 'LOCAL', configured: true });
  }, 180_000); // it builds dist/ first

  it('keeps endpoints and their secrets across a restart', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start();
    cleanups.push(() => receiver.close());

    const first = await startGateway(testConfig({ DATA_DIR: data.dir }));
    await graphql(first.origin, 'mutation { createWebhookEventType(input: { name: "order.created", example: { id: 1 } }) { __typename } }');
    const created = await graphql(
      first.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["order.created"] }) { ... on CreateWebhookSuccess { secret webhook { id } } } }',
      { url: receiver.url() },
    );
    const { secret, webhook } = created.body.data.createWebhook;
    await first.stop();

    const second = await start(data.dir);
    const listed = await graphql(second.origin, '{ webhooks { edges { node { id url events } } } }');
    expect(listed.body.data.webhooks.edges).toEqual([{ node: { id: webhook.id, url: receiver.url(), events: ['order.created'] } }]);

    receiver.options = { secret };
    const tested = await graphql(second.origin, 'mutation ($id: ID!) { testWebhook(id: $id) { ... on TestWebhookSuccess { result { testsSucceeded } } } }', {
      id: webhook.id,
    });
    expect(tested.body.data.testWebhook.result.testsSucceeded).toBe(1);
    expect(receiver.requests[0]?.verified).toBe(true);
  });
});

describe('the process', () => {
  it('refuses to start with a bad variable, naming it', async () => {
    const child = spawnGateway({ PORT: 'eighty', HOOKGATE_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/99' });
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/PORT: must be a whole number from 0 to 65535/);
    expect(child.output()).toMatch(/HOOKGATE_ALLOW_PRIVATE_NETWORKS: "10.0.0.0\/99" has a bad prefix length/);
  });

  it('logs to stdout in chunks, yet shows each line within a fraction of a second and all of them when it stops', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const child = spawnGateway({ DATA_DIR: data.dir });
    cleanups.push(() => void child.process.kill('SIGKILL'));
    await child.ready;
    const requestLines = () => child.output().split('\n').filter((line) => line.includes('"msg":"request"'));

    // One short line, far below the 4 KiB chunk: the periodic flush brings it out.
    await graphql(child.origin, '{ providers { name } }');
    await waitFor(() => requestLines().length === 1, 30_000);

    const burst = 40;
    for (let i = 0; i < burst; i++) await graphql(child.origin, '{ providers { name } }');
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(requestLines()).toHaveLength(1 + burst);
    expect(child.output()).toContain('SIGTERM received');
  });

  it('on SIGTERM stops accepting, finishes the request in flight and exits 0', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start({ delayMs: 800 });
    cleanups.push(() => receiver.close());
    const child = spawnGateway({ DATA_DIR: data.dir, HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST });
    cleanups.push(() => void child.process.kill('SIGKILL'));
    await child.ready;

    await graphql(child.origin, 'mutation { createWebhookEventType(input: { name: "ping" }) { __typename } }');
    const created = await graphql(
      child.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { ... on CreateWebhookSuccess { webhook { id } } } }',
      { url: receiver.url() },
    );
    const inFlight = graphql(child.origin, 'mutation ($id: ID!) { testWebhook(id: $id) { ... on TestWebhookSuccess { result { testsSucceeded } } } }', {
      id: created.body.data.createWebhook.webhook.id,
    });
    await waitFor(() => receiver.requests.length === 1, 30_000); // the test send is in flight
    child.process.kill('SIGTERM');

    const finished = await inFlight;
    expect(finished.body.data.testWebhook.result.testsSucceeded).toBe(1);
    expect(await child.exited).toBe(0);
    await expect(graphql(child.origin, '{ providers { name } }')).rejects.toThrow();
  });
});
