/**
 * Inbound events written in batches: the recordProviderEvent calls of one turn of the event
 * loop (and those that arrive while earlier batches are being written) share one transaction,
 * so one commit (one WAL flush) and a round trip each (RECORD_PROVIDER_EVENT) instead of a
 * transaction of five or six each. Each event is answered only once its batch has committed.
 */
import type { Pool, PoolClient } from 'pg';
import type { RecordProviderEventOutcome, RecordProviderEventRequest } from '../store.ts';
import { inTransaction } from './transaction.ts';
import { isConflict, isStatementError } from './postgres-faults.ts';
import { oldest, TurnBatches } from './turn-batches.ts';

/** The most events in one transaction. */
const MAX_BATCH = 256;
/** Concurrent batches can wait on each other's rows (a retry in each); the loser is retried. */
const CONFLICT_TRIES = 3;

/**
 * Stores an event unless its source has its dedupe key already, counts it on the source, and
 * reads the endpoints that receive it, locked against deletion: one statement. `seq` is null
 * for a retry of a stored event (and then nothing was written and no endpoint is read).
 * $1..$9 the event's columns, $10 the names it is forwarded as (besides `*`).
 */
export const RECORD_PROVIDER_EVENT = `
  WITH inserted AS (
    INSERT INTO provider_events (id, tenant, source_id, provider, type, occurred_at, received_at, dedupe_key, payload)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (source_id, dedupe_key) DO NOTHING
    RETURNING seq),
  counted AS (
    UPDATE inbound_sources SET received_count = received_count + 1, last_received_at = greatest(last_received_at, $7)
    WHERE id = $3 AND EXISTS (SELECT 1 FROM inserted)
    RETURNING 1)
  SELECT (SELECT seq FROM inserted) AS seq, (SELECT count(*)::integer FROM counted) AS counted, t.*
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT e.* FROM endpoints e
    WHERE EXISTS (SELECT 1 FROM inserted) AND e.tenant = $2 AND e.active AND EXISTS (
      SELECT 1 FROM endpoint_events s WHERE s.tenant = $2 AND (s.event_type = '*' OR s.event_type = ANY($10::text[])) AND s.endpoint_id = e.id)
    ORDER BY e.id FOR KEY SHARE) AS t ON true`;

interface Waiting {
  request: RecordProviderEventRequest;
  resolve: (outcome: RecordProviderEventOutcome) => void;
  reject: (error: unknown) => void;
}

export type WriteProviderEvent = (client: PoolClient, request: RecordProviderEventRequest) => Promise<RecordProviderEventOutcome>;

export class ProviderEventBatcher {
  readonly #pool: Pool;
  readonly #writeOne: WriteProviderEvent;
  readonly #batches = new TurnBatches<Waiting>({ take: oldest(MAX_BATCH), write: (batch) => this.#write(batch) });

  /** `writeOne` writes one event in the batch's transaction. */
  constructor(pool: Pool, writeOne: WriteProviderEvent) {
    this.#pool = pool;
    this.#writeOne = writeOne;
  }

  /** See Store.recordProviderEvent. */
  record(request: RecordProviderEventRequest): Promise<RecordProviderEventOutcome> {
    return new Promise((resolve, reject) => this.#batches.add({ request, resolve, reject }));
  }

  async #write(batch: Waiting[]): Promise<void> {
    // In source and key order, so that two batches with events in common take their row locks
    // in the same order (the later one waits instead of deadlocking).
    const ordered = batch.toSorted((a, b) => compare(a.request, b.request));
    let outcomes: RecordProviderEventOutcome[];
    try {
      outcomes = await this.#transaction(ordered);
    } catch (error) {
      if (batch.length > 1 && isStatementError(error)) {
        // Something in one event fails its statement: write them one by one, so only that one fails.
        for (const waiting of batch) await this.#write([waiting]);
        return;
      }
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    ordered.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
  }

  async #transaction(ordered: Waiting[]): Promise<RecordProviderEventOutcome[]> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await inTransaction(this.#pool, async (client) => {
          const outcomes: RecordProviderEventOutcome[] = [];
          for (const { request } of ordered) outcomes.push(await this.#writeOne(client, request));
          return outcomes;
        });
      } catch (error) {
        if (tries >= CONFLICT_TRIES || !isConflict(error)) throw error;
      }
    }
  }
}

function compare(a: RecordProviderEventRequest, b: RecordProviderEventRequest): number {
  const [x, y] = [a.event, b.event];
  if (x.sourceId !== y.sourceId) return x.sourceId < y.sourceId ? -1 : 1;
  if (x.dedupeKey === y.dedupeKey) return 0;
  return x.dedupeKey < y.dedupeKey ? -1 : 1;
}
