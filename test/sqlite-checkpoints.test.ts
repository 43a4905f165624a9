/**
 * The embedded store's write-ahead log is checkpointed by a worker thread (so no commit stalls
 * the event loop on a checkpoint's copy and fsyncs), once it reaches SQLite's usual size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function writeFrames(store: SqliteStore, events: number): Promise<void> {
  for (let i = 0; i < events; i += 1) {
    await store.insertEventType({
      tenant: 'acme',
      name: `order.${i}`,
      title: null,
      description: 'x'.repeat(3_000), // about a page each
      category: null,
      schema: null,
      example: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  }
}

describe('background checkpoints of the embedded store', () => {
  it('checkpoint the log once it holds 1,000 pages, in a worker, not in the commits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-checkpoints-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const errors: Error[] = [];
    const store = SqliteStore.open(dir, { backgroundCheckpoints: { onError: (error) => errors.push(error) } });
    cleanups.push(() => store.close());
    // Reads the log's size without checkpointing it.
    const observer = new DatabaseSync(path.join(dir, 'hookgate.sqlite'));
    cleanups.push(() => observer.close());
    const log = () => observer.prepare('PRAGMA wal_checkpoint(NOOP)').get() as { log: number; checkpointed: number };

    await writeFrames(store, 100);
    expect(log()).toMatchObject({ checkpointed: 0 }); // below the threshold, the log is left alone
    expect(log().log).toBeLessThan(1_000);

    // At least a page each: 1,500 more pages, far below the commits' own backstop (8,000), so only
    // the worker can have checkpointed what it did (the log may have restarted meanwhile).
    await writeFrames(store, 1_500);
    await waitFor(() => log().log - log().checkpointed < 1_000);
    expect(errors).toEqual([]);
  });
});
