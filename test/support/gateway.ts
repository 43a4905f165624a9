/** A real gateway (real SQLite in a temp folder) driven in-process through `yoga.fetch`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ExecutionResult } from 'graphql';
import { print } from 'graphql';
import { type App, type AppOptions, createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';

export const LOOPBACK_ALLOWLIST = '127.0.0.0/8,::1/128';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
    HOOKGATE_TEST_TIMEOUT_MS: '2000',
    // Tests change the doubles behind the gateway's back; a reused answer would hide that.
    UPSTREAM_GET_CACHE_MS: '0',
    // Suites act as the admin of tenant `default`; test/auth.test.ts covers keys and tenants.
    HOOKGATE_AUTH: 'off',
    LOG_LEVEL: 'silent',
    // Seconds of start-up per gateway; test/warm-up.test.ts covers it.
    HOOKGATE_WARMUP_EVENTS: '0',
    ...env,
  });
}

export async function execute<TResult, TVariables>(
  app: App,
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: {} extends TVariables ? [TVariables?] : [TVariables]
): Promise<ExecutionResult<TResult>> {
  const response = await app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as ExecutionResult<TResult>;
}

/** Executes with `Authorization: Bearer <key>` (or no credentials when `key` is null). */
export async function executeAs<TResult, TVariables>(
  app: App,
  key: string | null,
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: {} extends TVariables ? [TVariables?] : [TVariables]
): Promise<ExecutionResult<TResult> & { status: number }> {
  const response = await app.yoga.fetch('http://hookgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { ...((await response.json()) as ExecutionResult<TResult>), status: response.status };
}

/** Executes and fails the test on any GraphQL error, returning `data`. */
export async function run<TResult, TVariables>(
  app: App,
  document: TypedDocumentNode<TResult, TVariables>,
  ...rest: {} extends TVariables ? [TVariables?] : [TVariables]
): Promise<TResult> {
  const result = await execute(app, document, ...rest);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export interface TestGateway {
  app: App;
  dataDir: string;
  close(): Promise<void>;
}

/** A gateway on its own fresh data folder; `close` removes the folder too. */
export async function createTestGateway(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestGateway> {
  const data = tempDataDir();
  const app = await createApp(testConfig({ DATA_DIR: data.dir, ...env }), options);
  return {
    app,
    dataDir: data.dir,
    async close() {
      await app.close();
      data.remove();
    },
  };
}

/** Everything the store holds, to show that a rejected mutation changed nothing. */
export async function storeSnapshot(app: App): Promise<unknown> {
  return {
    endpoints: await app.store.listEndpoints({ tenant: 'default', first: 1000, after: null }),
    eventTypes: await app.store.listEventTypes('default'),
  };
}
