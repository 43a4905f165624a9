/**
 * A full disk under the embedded store, with the gateway as a real process: SQLite in a small
 * tmpfs that the test fills. Writes fail with a typed, retryable STORAGE_FULL (and the log says
 * SQLITE_FULL), readiness and /metrics say the store cannot write, attempts made meanwhile are
 * recorded once space is freed instead of being sent again after their lease, and everything
 * recovers without a restart.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnGateway } from './support/child-gateway.ts';
import { LOOPBACK_ALLOWLIST } from './support/gateway.ts';
import { HeldReceiver } from './support/held-receiver.ts';
import { httpStatus, metricValue, rawGraphql } from './support/raw-graphql.ts';
import { waitFor } from './support/wait-for.ts';

const LEASE_MS = 2_000;
const EVENTS = 10;

/** A tmpfs of `sizeKb` mounted on a new folder, or why there cannot be one here. */
function mountTmpfs(sizeKb: number): { dir: string; unmount(): void } | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message})`;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file until the file system has no byte left; returns its path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = openSync(file, 'w');
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

const probe = mountTmpfs(64);
const cannotMount = typeof probe === 'string' ? probe : null;
if (typeof probe !== 'string') probe.unmount();
if (cannotMount) console.warn(`Skipping the full-disk tests: ${cannotMount}`);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PUBLISH = `mutation ($payload: JSON!) {
  publishEvent(input: { event: "order.created", payload: $payload }) {
    __typename
    ... on PublishEventSuccess { event { id } }
    ... on Error { code message }
    ... on StorageFullError { retryable }
  }
}`;

describe('a full disk under the embedded store', () => {
  if (cannotMount) {
    it.skip(`skipped: ${cannotMount}`, () => {});
    return;
  }

  it('answers STORAGE_FULL, is not ready, sends nothing twice, and recovers once space is freed', async () => {
    const disk = mountTmpfs(8 * 1024);
    if (typeof disk === 'string') throw new Error(disk);
    cleanups.push(() => disk.unmount());
    const receiver = await HeldReceiver.start();
    cleanups.push(() => receiver.close());

    const gateway = spawnGateway({
      DATA_DIR: disk.dir,
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      HOOKGATE_DELIVERY_LEASE_MS: String(LEASE_MS),
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
    });
    cleanups.push(async () => {
      gateway.process.kill('SIGKILL');
      await gateway.exited; // before unmounting: the process holds the database open
    });
    await gateway.ready;
    const { origin } = gateway;

    await rawGraphql(origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    const created = await rawGraphql(
      origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }',
      { url: receiver.url },
    );
    expect(created.data?.createWebhook.__typename).toBe('CreateWebhookSuccess');

    // Ten attempts in flight: the receiver has them and has not answered yet.
    receiver.hold();
    for (let i = 0; i < EVENTS; i++) {
      const answer = await rawGraphql(origin, PUBLISH, { payload: { i } });
      expect(answer.data?.publishEvent.__typename).toBe('PublishEventSuccess');
    }
    await waitFor(() => receiver.heldCount === EVENTS, 30_000);

    const filler = fill(disk.dir);

    // Writes fail, typed and retryable, in the mutation's result union.
    const big = await rawGraphql(origin, PUBLISH, { payload: { blob: 'x'.repeat(200_000) } });
    expect(big.data?.publishEvent).toMatchObject({ __typename: 'StorageFullError', code: 'STORAGE_FULL', retryable: true });
    const endpoint = await rawGraphql(
      origin,
      'mutation { createWebhook(input: { provider: LOCAL, url: "http://127.0.0.1:9/x", events: ["*"] }) { __typename ... on Error { code } } }',
    );
    expect(endpoint.data?.createWebhook).toEqual({ __typename: 'StorageFullError', code: 'STORAGE_FULL' });
    // Reads still work.
    const listed = await rawGraphql(origin, '{ deliveries(first: 50) { nodes { status } } }');
    expect(listed.data?.deliveries.nodes).toHaveLength(EVENTS);

    // Not ready, and /metrics says why.
    expect(await httpStatus(origin, '/readyz')).toBe(503);
    expect(await metricValue(origin, 'hookgate_store_writable')).toBe(0);
    await waitFor(() => /The storage is full \(SQLITE_FULL/.test(gateway.output()), 10_000);

    // The receiver answers now; the worker cannot record those attempts.
    receiver.release();
    await waitFor(() => /attempts cannot be recorded \(STORAGE_FULL\)/.test(gateway.output()), 30_000);
    // Longer than the lease: on main the unrecorded deliveries were claimed and sent again once
    // their leases had run out and the store could write again.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * LEASE_MS));
    expect(await httpStatus(origin, '/readyz')).toBe(503);

    rmSync(filler);
    await waitFor(async () => (await httpStatus(origin, '/readyz')) === 200, 30_000, 100);
    expect(await metricValue(origin, 'hookgate_store_writable')).toBe(1);
    await waitFor(() => /The store takes writes again/.test(gateway.output()), 10_000);
    await waitFor(async () => {
      const answer = await rawGraphql(origin, '{ deliveries(first: 50) { nodes { status attemptCount } } }');
      const nodes = answer.data?.deliveries.nodes as { status: string; attemptCount: number }[];
      return nodes.length === EVENTS && nodes.every((node) => node.status === 'SUCCEEDED');
    }, 30_000, 100);
    expect(receiver.duplicates()).toEqual([]);
    expect(receiver.received.size).toBe(EVENTS);
    await waitFor(() => /the \d+ attempts held meanwhile are recorded/.test(gateway.output()), 10_000);

    // Publishing works again, without a restart.
    const after = await rawGraphql(origin, PUBLISH, { payload: { after: true } });
    expect(after.data?.publishEvent.__typename).toBe('PublishEventSuccess');
    await waitFor(() => receiver.received.size === EVENTS + 1, 30_000);
    expect(receiver.duplicates()).toEqual([]);
    expect(gateway.process.exitCode).toBeNull();
  }, 120_000);
});
