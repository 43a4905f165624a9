/**
 * `hookgate/client` and the examples, against a real gateway on loopback with API keys on: the
 * example that lists webhooks and streams deliveryEvents (over WebSocket and SSE), the example
 * receiver verifying a real delivery, and a document for every operation of the schema.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getOperationAST, Kind, type OperationDefinitionNode } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from '../client/index.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { schema } from '../src/schema/index.ts';
import { type RunningGateway, startGateway } from '../src/server.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';
import { waitFor } from './support/wait-for.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function runExample(args: string[], env: Record<string, string>): Child {
  let output = '';
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

describe('hookgate/client against a real gateway', () => {
  const data = tempDataDir();
  let gateway: RunningGateway;
  let receiver: Receiver;
  let key: string;
  let api: client.HookgateClient;
  const children: Child[] = [];

  beforeAll(async () => {
    gateway = await startGateway(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
    key = (await createApiKey(gateway.app.store, { tenant: 'default', scopes: ['admin'], name: 'client' })).token;
    receiver = await Receiver.start({ secret: SECRET });
    api = client.createHookgateClient({ url: `${gateway.origin}/graphql`, apiKey: key });
    const created = await api.request(client.CreateWebhookEventType, { input: { name: 'invoice.paid' } });
    expect(created.createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
    const endpoint = await api.request(client.CreateWebhook, {
      input: { provider: 'LOCAL', url: receiver.url('/hooks'), events: ['invoice.paid'], secret: SECRET },
    });
    expect(endpoint.createWebhook.__typename).toBe('CreateWebhookSuccess');
  });

  afterAll(async () => {
    for (const child of children) {
      child.process.kill('SIGTERM');
      await child.exited;
    }
    await api?.close();
    await receiver?.close();
    await gateway?.stop();
    data.remove();
  });

  const publish = () => api.request(client.PublishEvent, { input: { event: 'invoice.paid', payload: { id: 'in_1' } } });

  it('is the package export hookgate/client', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.exports['./client']).toBe('./client/index.ts');
    expect(pkg.scripts.receiver).toBe('node examples/receiver.ts');
  });

  it('has a typed document for every query, mutation and subscription field', () => {
    const used = new Set<string>();
    for (const value of Object.values(client)) {
      const document = value as { kind?: string; definitions?: unknown[] };
      if (document?.kind !== Kind.DOCUMENT) continue;
      const operation = getOperationAST(document as never) as OperationDefinitionNode | null;
      for (const selection of operation?.selectionSet.selections ?? []) {
        if (selection.kind === Kind.FIELD) used.add(`${operation!.operation}.${selection.name.value}`);
      }
    }
    const roots = [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
      ['subscription', schema.getSubscriptionType()],
    ] as const;
    const missing = roots.flatMap(([kind, type]) => Object.keys(type?.getFields() ?? {}).map((field) => `${kind}.${field}`)).filter((f) => !used.has(f));
    expect(missing).toEqual([]);
  });

  it('answers typed data, and a typed error for a bad key', async () => {
    const { providers } = await api.request(client.Providers);
    expect(providers.find((p) => p.name === 'LOCAL')?.configured).toBe(true);
    const stranger = client.createHookgateClient({ url: `${gateway.origin}/graphql`, apiKey: 'hg_000000000000_nope' });
    const error = await stranger.request(client.Providers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.HookgateRequestError);
    expect((error as client.HookgateRequestError).status).toBe(401);
    expect((error as client.HookgateRequestError).message).toMatch(/UNAUTHENTICATED/);
  });

  for (const transport of ['ws', 'sse'] as const) {
    it(`examples/list-and-stream.ts lists webhooks and streams deliveryEvents over ${transport}`, async () => {
      const example = runExample(['examples/list-and-stream.ts', '--url', `${gateway.origin}/graphql`, '--transport', transport, '--count', '2'], {
        HOOKGATE_API_KEY: key,
      });
      children.push(example);
      await waitFor(() => example.output().includes('Streaming deliveryEvents'), 30_000);
      expect(example.output()).toContain(`LOCAL  ${receiver.url('/hooks')}  [invoice.paid]`);
      // Publish until the example has printed two attempts and left (its subscription may still be opening).
      let exitCode: number | null | undefined;
      void example.exited.then((code) => (exitCode = code));
      await waitFor(async () => {
        if (exitCode !== undefined) return true;
        await publish();
        return false;
      }, 30_000, 200);
      expect(exitCode, example.output()).toBe(0);
      expect(example.output().match(/invoice\.paid {2}attempt 1 {2}SUCCEEDED {2}HTTP 204 {2}→ SUCCEEDED/g)).toHaveLength(2);
    }, 60_000);
  }

  it('npm run receiver (examples/receiver.ts) verifies a real delivery and prints it; a forged one is refused', async () => {
    const example = runExample(['examples/receiver.ts', '--port', '0'], { WEBHOOK_SECRET: SECRET });
    children.push(example);
    await waitFor(() => /Receiving webhooks on (http:\/\/\S+)\/hooks/.test(example.output()), 30_000);
    const url = `${/Receiving webhooks on (http:\/\/\S+)\/hooks/.exec(example.output())![1]}/hooks`;
    const endpoint = await api.request(client.CreateWebhook, { input: { provider: 'LOCAL', url, events: ['invoice.paid'], secret: SECRET } });
    if (endpoint.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(endpoint));

    const published = await api.request(client.PublishEvent, { input: { event: 'invoice.paid', payload: { id: 'in_42' } } });
    if (published.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(JSON.stringify(published));
    const eventId = published.publishEvent.event.id;
    await waitFor(() => example.output().includes(`✔ invoice.paid  ${eventId}  {"id":"in_42"}`), 30_000);

    const forged = await request(url, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 'in_0' } }),
    });
    expect(forged.statusCode).toBe(401);
    await forged.body.dump();
    await waitFor(() => example.output().includes('✘ rejected (answered 401)'));
    expect(example.output()).not.toContain('msg_forged');
  }, 60_000);
});
