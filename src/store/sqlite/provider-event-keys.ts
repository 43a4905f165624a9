/**
 * The dedupe keys of stored provider events (a provider's event id, or the digest of a body),
 * written behind. Such keys are random: in a unique index each new one lands on a page of its
 * own, and every commit wrote each of those pages to the log, plus the reads of the ones the
 * cache had let go. That was about a seventh of an inbound event's cost (bench/inbound).
 *
 * So the keys of recent events are kept in memory, and written to `provider_event_keys` in
 * sorted batches, in the transaction of a grouped write, where many of them share a page. The
 * table holds a 128-bit digest of the source and key, not the key: about a fifth of the size,
 * so more of it stays in the cache and a batch touches fewer pages. A retry is looked up in
 * memory first, then in the table. `provider_event_keys_written` says up to which event the
 * table is complete; at open, the keys of the events stored after it are read back from
 * `provider_events`, so a crash loses none. Like the sources kept in memory, this relies on one
 * process per store file.
 */
import { hash } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Keys held in memory before they are written: a batch holds the event loop for 5–12 ms (measured, 45k–80k events). */
export const KEYS_PER_BATCH = 1024;

interface Database {
  prepare(sql: string): StatementSync;
}

/** 32 hex digits: the first 128 bits of SHA-256 over the source id, a newline (which no source id holds) and the key. */
function digestOf(sourceId: string, dedupeKey: string): string {
  // A string of its own, not a slice: a slice would keep the whole 64-digit hex alive while the key waits in memory.
  return hash('sha256', `${sourceId}\n${dedupeKey}`, 'buffer').toString('hex', 0, 16);
}

/** A key as lookUp found it: what add takes once the event is stored. */
export interface LookedUpKey {
  readonly digest: string;
  /** The stored event's seq, or null when none has the key. */
  readonly seq: number | null;
}

/** Makes the digest available to SQL on this connection, as a BLOB: the migration that made the table fills it with it. */
export function defineEventKeyDigest(db: DatabaseSync): void {
  db.function('hookgate_event_key_digest', { deterministic: true }, (sourceId, dedupeKey) =>
    Buffer.from(digestOf(String(sourceId), String(dedupeKey)), 'hex'),
  );
}

export class ProviderEventKeys {
  readonly #db: Database;
  /** Seqs of the events whose keys are not yet in provider_event_keys, by digest (hex digits sort as the bytes do). */
  readonly #unwritten = new Map<string, number>();
  /** Added by the transaction under way: forgotten again should it roll back. */
  #added: string[] = [];
  /** Written by the transaction under way: dropped from memory once it commits. */
  #written: string[] = [];

  private constructor(db: Database) {
    this.#db = db;
  }

  /** Reads back the keys of the events stored after the last batch. */
  static load(db: Database): ProviderEventKeys {
    const keys = new ProviderEventKeys(db);
    const through = Number(db.prepare('SELECT coalesce(max(through_seq), 0) AS seq FROM provider_event_keys_written').get()?.seq ?? 0);
    for (const row of db.prepare('SELECT seq, source_id, dedupe_key FROM provider_events WHERE seq > ? ORDER BY seq').all(through)) {
      keys.#unwritten.set(digestOf(String(row.source_id), String(row.dedupe_key)), Number(row.seq));
    }
    return keys;
  }

  /** The source's event with this dedupe key, if any: in a transaction, it sees its writes. */
  lookUp(sourceId: string, dedupeKey: string): LookedUpKey {
    const digest = digestOf(sourceId, dedupeKey);
    const unwritten = this.#unwritten.get(digest);
    if (unwritten !== undefined) return { digest, seq: unwritten };
    const row = this.#db.prepare('SELECT seq FROM provider_event_keys WHERE digest = ?').get(Buffer.from(digest, 'hex'));
    return { digest, seq: row === undefined ? null : Number(row.seq) };
  }

  /** In the transaction that stored the event, with the key it looked up first. */
  add(key: LookedUpKey, seq: number): void {
    this.#unwritten.set(key.digest, seq);
    this.#added.push(key.digest);
  }

  /** In a transaction, before its commit: writes the keys held in memory once there are enough of them. */
  writeIfDue(): void {
    if (this.#unwritten.size < KEYS_PER_BATCH) return;
    // In key order, so that neighbours in the index are written together.
    const digests = [...this.#unwritten.keys()].sort();
    const insert = this.#db.prepare('INSERT OR IGNORE INTO provider_event_keys (digest, seq) VALUES (?, ?)');
    let through = 0;
    for (const digest of digests) {
      const seq = this.#unwritten.get(digest)!;
      insert.run(Buffer.from(digest, 'hex'), seq);
      through = Math.max(through, seq);
    }
    this.#db
      .prepare(
        `INSERT INTO provider_event_keys_written (only_row, through_seq) VALUES (1, ?)
         ON CONFLICT (only_row) DO UPDATE SET through_seq = excluded.through_seq`,
      )
      .run(through);
    this.#written = digests;
  }

  /** After the transaction committed. */
  committed(): void {
    for (const digest of this.#written) this.#unwritten.delete(digest);
    this.#written = [];
    this.#added = [];
  }

  /** After the transaction rolled back: its events were not stored, and the batch not written. */
  rolledBack(): void {
    for (const digest of this.#added) this.#unwritten.delete(digest);
    this.#written = [];
    this.#added = [];
  }
}
