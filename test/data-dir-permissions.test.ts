/**
 * DATA_DIR holds the database and the key that unseals endpoint secrets: after a start the
 * folder is 0700 and every file in it 0600 (it was 0755 with 0644 files), also when an older
 * version had left them open.
 */
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { request } from 'undici';
import { startGateway } from '../src/server.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const mode = (file: string) => statSync(file).mode & 0o777;

/** Starts a gateway on `dataDir` and writes through it, so the WAL files exist. */
async function startAndWrite(dataDir: string, eventType = 'order.created') {
  const gateway = await startGateway(testConfig({ DATA_DIR: dataDir }));
  cleanups.push(() => gateway.stop());
  const response = await request(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($name: String!) { createWebhookEventType(input: { name: $name }) { __typename } }',
      variables: { name: eventType },
    }),
  });
  expect(await response.body.json()).toEqual({ data: { createWebhookEventType: { __typename: 'CreateWebhookEventTypeSuccess' } } });
  return gateway;
}

function expectOwnerOnly(dataDir: string): void {
  expect(mode(dataDir)).toBe(0o700);
  const files = readdirSync(dataDir);
  expect(files).toEqual(expect.arrayContaining(['hookgate.sqlite', 'hookgate.sqlite-wal', 'hookgate.sqlite-shm', 'secret.key']));
  for (const file of files) expect([file, mode(path.join(dataDir, file))]).toEqual([file, 0o600]);
}

it('creates DATA_DIR 0700 and its database, WAL, shared-memory and key files 0600', async () => {
  const parent = tempDataDir();
  cleanups.push(parent.remove);
  const dataDir = path.join(parent.dir, 'data');
  await startAndWrite(dataDir);
  expectOwnerOnly(dataDir);
});

it('closes up a folder and files an older version left readable by others', async () => {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const first = await startAndWrite(data.dir);
  await first.stop();
  chmodSync(data.dir, 0o755);
  for (const file of readdirSync(data.dir)) chmodSync(path.join(data.dir, file), 0o644);

  await startAndWrite(data.dir, 'order.paid');
  expectOwnerOnly(data.dir);
});

it('makes the folder owner-only when it already exists empty', async () => {
  const parent = tempDataDir();
  cleanups.push(parent.remove);
  const dataDir = path.join(parent.dir, 'made-by-someone-else');
  mkdirSync(dataDir, { mode: 0o777 });
  await startAndWrite(dataDir);
  expectOwnerOnly(dataDir);
});
