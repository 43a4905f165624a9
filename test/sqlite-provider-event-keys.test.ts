/**
 * The embedded store writes provider events' dedupe keys behind, in sorted batches
 * (src/store/sqlite/provider-event-keys.ts): a retry must be recognised whether its key is still
 * in memory, already in the table, or read back at open, and a store made before this layout
 * keeps recognising the events it already had.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.ts';
import { KEYS_PER_BATCH } from '../src/store/sqlite/provider-event-keys.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { RecordProviderEventRequest } from '../src/store/store.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SOURCE = 'src_keys';

function newDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-event-keys-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(dir: string): SqliteStore {
  const store = SqliteStore.open(dir);
  cleanups.push(() => store.close());
  return store;
}

function request(dedupeKey: string): RecordProviderEventRequest {
  return {
    event: {
      id: `pev_${randomUUID()}`,
      tenant: 'acme',
      sourceId: SOURCE,
      provider: 'BOLT',
      type: 'payment',
      occurredAt: null,
      receivedAt: new Date(),
      dedupeKey,
      payloadJson: JSON.stringify({ type: 'payment', key: dedupeKey }),
    },
    forward: {
      event: () => {
        throw new Error('no endpoint receives it');
      },
      subscribedAs: ['bolt.payment', 'bolt.*'],
      newDeliveryId: () => `dlv_${randomUUID()}`,
    },
  };
}

/** Records the keys in groups of 50 at once (each group shares a commit), and returns their seqs. */
async function record(store: SqliteStore, keys: string[]): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  for (let at = 0; at < keys.length; at += 50) {
    const outcomes = await Promise.all(keys.slice(at, at + 50).map((key) => store.recordProviderEvent(request(key))));
    for (const outcome of outcomes) {
      expect(outcome.duplicate).toBe(false);
      seqs.set(outcome.event.dedupeKey, outcome.event.seq);
    }
  }
  return seqs;
}

async function expectDuplicates(store: SqliteStore, seqs: Map<string, number>): Promise<void> {
  const keys = [...seqs.keys()];
  for (let at = 0; at < keys.length; at += 50) {
    const outcomes = await Promise.all(keys.slice(at, at + 50).map((key) => store.recordProviderEvent(request(key))));
    expect(outcomes.map((o) => [o.event.dedupeKey, o.duplicate, o.event.seq])).toEqual(keys.slice(at, at + 50).map((key) => [key, true, seqs.get(key)]));
  }
}

function tableCounts(dir: string): { keys: number; events: number; through: number; newestKey: number } {
  const db = new DatabaseSync(path.join(dir, 'hookgate.sqlite'), { readOnly: true });
  try {
    const count = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? {})[0]);
    return {
      keys: count('SELECT count(*) FROM provider_event_keys'),
      events: count('SELECT count(*) FROM provider_events'),
      through: count('SELECT coalesce(max(through_seq), 0) FROM provider_event_keys_written'),
      newestKey: count('SELECT coalesce(max(seq), 0) FROM provider_event_keys'),
    };
  } finally {
    db.close();
  }
}

describe('provider event dedupe keys written behind (embedded store)', () => {
  it('recognises every retry: keys in memory, keys written in batches, and keys read back at open', async () => {
    const dir = newDir();
    const store = open(dir);
    const total = KEYS_PER_BATCH * 2 + 77;
    const seqs = await record(
      store,
      Array.from({ length: total }, () => `sha256:${randomUUID()}`),
    );
    // Retries within one commit as the first: the second of a pair is the duplicate.
    const [first, second] = await Promise.all([store.recordProviderEvent(request('pair')), store.recordProviderEvent(request('pair'))]);
    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    expect(second.event.seq).toBe(first.event.seq);
    seqs.set('pair', first.event.seq);

    await expectDuplicates(store, seqs);
    const written = tableCounts(dir);
    expect(written.events).toBe(total + 1);
    // Whole batches went to the table; the rest is only in memory (and in provider_events).
    expect(written.keys).toBeGreaterThanOrEqual(KEYS_PER_BATCH * 2);
    expect(written.keys).toBeLessThan(total + 1);
    expect(written.through).toBe(written.newestKey);

    // Closed (or killed) with keys not yet written: read back from provider_events at open.
    await store.close();
    const reopened = open(dir);
    await expectDuplicates(reopened, seqs);
    expect(tableCounts(dir).events).toBe(total + 1);
  });

  it('keeps recognising the events of a store made before the keys had a table of their own', async () => {
    const dir = newDir();
    const file = path.join(dir, 'hookgate.sqlite');
    const old = new DatabaseSync(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version < 6)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    }
    old
      .prepare(
        `INSERT INTO provider_events (id, tenant, source_id, provider, type, occurred_at, received_at, dedupe_key, payload)
         VALUES ('pev_old', 'acme', ?, 'BOLT', 'payment', NULL, 1, 'sha256:old', '{}')`,
      )
      .run(SOURCE);
    old.close();

    const store = open(dir);
    const again = await store.recordProviderEvent(request('sha256:old'));
    expect(again).toMatchObject({ duplicate: true, event: { id: 'pev_old' } });
    expect(tableCounts(dir)).toEqual({ keys: 1, events: 1, through: 1, newestKey: 1 });
    expect((await store.recordProviderEvent(request('sha256:new'))).duplicate).toBe(false);
  });
});
