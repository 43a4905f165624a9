/**
 * The embedded store checkpoints its write-ahead log on a thread of its own: committed pages
 * reach the database file without any commit on the event loop doing the copying, the log stays
 * bounded, and everything is there after close and reopen.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { waitFor } from './support/wait-for.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

describe('SQLite WAL checkpoints', () => {
  it('copy committed pages into the database file in the background and keep the log bounded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-checkpoint-'));
    dirs.push(dir);
    const file = path.join(dir, 'hookgate.sqlite');
    const warnings: string[] = [];
    const store = SqliteStore.open(dir, { log: (message) => warnings.push(message) });
    const sizeAtStart = sizeOf(file);

    // Well under SQLite's own threshold: only the background thread can have copied these.
    for (let i = 0; i < 200; i++) {
      await store.insertApiKey({ id: `key_${i}`, tenant: 't', name: 'x'.repeat(500), scopes: ['admin'], hash: 'h'.repeat(64), createdAt: new Date(), revokedAt: null });
    }
    await waitFor(() => sizeOf(file) > sizeAtStart + 50_000, 5_000);

    // Many commits in a row: the log starts over instead of growing with every one.
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          store.insertApiKey({ id: `bulk_${batch}_${i}`, tenant: 't', name: 'y'.repeat(200), scopes: ['admin'], hash: 'h'.repeat(64), createdAt: new Date(), revokedAt: null }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(sizeOf(`${file}-wal`)).toBeLessThan(40 * 1024 * 1024);
    await store.close();
    expect(warnings).toEqual([]);

    const reopened = SqliteStore.open(dir);
    expect(await reopened.listApiKeys('t')).toHaveLength(200 + 40 * 500);
    await reopened.close();
  });
});
