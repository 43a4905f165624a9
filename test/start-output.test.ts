/**
 * What a person sees when starting the gateway: on a terminal, readable log lines, the URL, the
 * store and the admin key in plain words; piped, JSON lines on stdout and the key never printed;
 * and no stray third-party lines while README's steps run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readableMessage } from '../src/observability/logger.ts';
import { spawnGateway } from './support/child-gateway.ts';
import { tempDataDir } from './support/gateway.ts';
import { postGraphql } from './support/http-graphql.ts';
import { waitFor } from './support/wait-for.ts';

const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const README_STEP_1 = `mutation {
  createWebhookEventType(input: {
    name: "invoice.paid", title: "Invoice paid"
    schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } }
    example: { id: "in_123" }
  }) { __typename ... on Error { code message } }
}`;
const README_STEP_5 = `mutation {
  publishEvent(input: { event: "invoice.paid", payload: { id: "in_123" }, idempotencyKey: "invoice-in_123-paid" }) {
    ... on PublishEventSuccess { event { id } deliveries { id status } }
  }
}`;

/** The gateway under `script`, which gives it a pseudo-terminal as stdin, stdout and stderr. */
function startOnTerminal(env: Record<string, string>): { child: ChildProcess; output(): string } {
  let output = '';
  const child = spawn('script', ['-q', '-e', '-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)}`, '/dev/null'], {
    // Without the start-up warm-up (seconds): test/warm-up.test.ts covers it.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', TERM: 'dumb', HOOKGATE_WARMUP_EVENTS: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  return { child, output: () => output };
}

describe('the start output', () => {
  it('on a terminal: readable lines, the URL, the store and the new admin key in plain words', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = startOnTerminal({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' });
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+\/graphql/.test(gateway.output()), 30_000);
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(gateway.output())![1]!;
    const key = readFileSync(path.join(data.dir, 'admin-api-key'), 'utf8').trim();
    await waitFor(() => gateway.output().includes(key), 10_000);
    expect(gateway.output()).toContain(`Store: SQLite database ${path.join(data.dir, 'hookgate.sqlite')} (DATA_DIR)`);

    await postGraphql(origin, README_STEP_1, {}, key);
    await waitFor(() => /POST \/graphql 200 [\d.]+ ms mutation/.test(gateway.output()), 10_000);
    expect(gateway.output()).not.toMatch(/^\{"level"/m);
    expect(gateway.output()).not.toContain('Scalar with variable inputs');
  }, 60_000);

  it('piped: JSON lines on stdout, the banner on stderr, the key never printed, no stray lines', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const start = () => {
      const child = spawnGateway({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' });
      cleanups.push(async () => {
        child.process.kill('SIGTERM');
        await child.exited;
      });
      return child;
    };
    const first = start();
    await first.ready;
    const keyFile = path.join(data.dir, 'admin-api-key');
    const key = readFileSync(keyFile, 'utf8').trim();
    await waitFor(() => first.output().includes('Admin key:'));
    expect(first.output()).toContain(`Admin key: created and kept in ${keyFile}`);

    await postGraphql(first.origin, README_STEP_1, {}, key);
    await postGraphql(first.origin, README_STEP_5, {}, key);
    await waitFor(() => first.stdout().includes('"operationType":"mutation"'));
    first.process.kill('SIGTERM');
    await first.exited;

    expect(first.output()).not.toContain(key);
    expect(first.output()).not.toContain('Scalar with variable inputs');
    const stdoutLines = first.stdout().split('\n').filter((line) => line !== '');
    for (const line of stdoutLines) expect(() => JSON.parse(line), line).not.toThrow();

    const second = start();
    await second.ready;
    await waitFor(() => second.output().includes('Admin key:'));
    expect(second.output()).toContain(`Admin key: in ${keyFile}`);
  }, 60_000);

  it('LOG_FORMAT=json keeps JSON lines on a terminal; LOG_FORMAT=yaml stops the start naming the variable', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const gateway = startOnTerminal({ DATA_DIR: data.dir, LOG_FORMAT: 'json', HOOKGATE_AUTH: 'off' });
    await waitFor(() => gateway.output().includes('"msg":"Hookgate listening on'), 30_000);

    const bad = spawnGateway({ DATA_DIR: data.dir, LOG_FORMAT: 'yaml' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/LOG_FORMAT: must be one of json, pretty/);
  }, 60_000);

  it('writes a request line as method, path, status, duration and operation', () => {
    expect(
      readableMessage({ msg: 'request', method: 'POST', path: '/graphql', status: 200, durationMs: 3.2, operationType: 'query', operationName: 'ListWebhooks' }),
    ).toBe('POST /graphql 200 3.2 ms query ListWebhooks');
    expect(readableMessage({ msg: 'Shutdown failed' })).toBe('Shutdown failed');
  });
});
