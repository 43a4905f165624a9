/**
 * Attempt records written in batches: the recordAttempt calls of one turn of the event loop
 * (and those that arrive while earlier batches are being written) become one statement, one
 * round trip and one commit, instead of a transaction of four statements each. The statement is
 * atomic, so every attempt of a batch is recorded, with its delivery moved on, or none is: an
 * attempt is still recorded before its delivery moves on, and its caller hears only after the commit.
 */
import type { Pool } from 'pg';
import type { AttemptResult } from '../store.ts';
import { storableText } from './rows.ts';
import { isConflict, isStatementError } from './postgres-faults.ts';
import { TurnBatches } from './turn-batches.ts';

/** The most attempts in one statement (its arrays stay small enough to plan and send quickly). */
const MAX_BATCH = 512;
/** Concurrent batches can lock the same rows in different orders; the loser is retried. */
const DEADLOCK_TRIES = 3;

interface Waiting {
  result: AttemptResult;
  now: Date;
  resolve: (recorded: { seq: number } | null) => void;
  reject: (error: unknown) => void;
}

/**
 * One row per attempt, in the order the attempts were recorded (ord). `moved` updates the
 * deliveries; `recorded` inserts the attempts in that order, so seq follows it; `flagged` moves
 * each endpoint's failing_since (and disables it) as its attempts, taken in order, would have
 * one by one, and writes only the endpoints whose row changes.
 */
const RECORD_ATTEMPTS = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::integer[], $5::text[], $6::timestamptz[],
      $7::text[], $8::integer[], $9::text[], $10::double precision[], $11::text[], $12::timestamptz[], $13::text[])
      WITH ORDINALITY AS i (delivery_id, status, next_attempt_at, status_code, error, recorded_at,
        attempt_id, attempt_number, outcome, duration_ms, response_body, started_at, disable_reason, ord)),
  moved AS (
    UPDATE deliveries d SET status = i.status, attempt_count = d.attempt_count + 1, series_attempts = d.series_attempts + 1,
      next_attempt_at = i.next_attempt_at, lease_until = NULL, last_status_code = i.status_code, last_error = i.error,
      updated_at = i.recorded_at, delivered_at = CASE WHEN i.status = 'SUCCEEDED' THEN i.recorded_at ELSE d.delivered_at END
    FROM input i WHERE d.id = i.delivery_id
    RETURNING d.id, d.tenant, d.endpoint_id, d.status, d.next_attempt_at),
  recorded AS (
    INSERT INTO delivery_attempts (id, tenant, delivery_id, attempt_number, outcome, status_code, duration_ms, error,
      response_body, started_at, delivery_status, next_attempt_at, recorded_at)
    SELECT i.attempt_id, m.tenant, m.id, i.attempt_number, i.outcome, i.status_code, i.duration_ms, i.error,
      i.response_body, i.started_at, m.status, m.next_attempt_at, i.recorded_at
    FROM input i JOIN moved m ON m.id = i.delivery_id ORDER BY i.ord
    RETURNING delivery_id, seq),
  per_endpoint AS (
    SELECT m.endpoint_id,
      max(i.ord) FILTER (WHERE i.outcome = 'SUCCEEDED') AS last_success,
      max(i.ord) FILTER (WHERE i.outcome = 'FAILED') AS last_failure,
      (array_agg(i.disable_reason ORDER BY i.ord DESC) FILTER (WHERE i.disable_reason IS NOT NULL))[1] AS disable_reason,
      max(i.recorded_at) AS recorded_at
    FROM input i JOIN moved m ON m.id = i.delivery_id GROUP BY m.endpoint_id),
  failing AS (
    SELECT p.*, CASE
      WHEN p.last_failure IS NULL OR p.last_success > p.last_failure THEN NULL
      ELSE (SELECT min(i.started_at) FROM input i JOIN moved m ON m.id = i.delivery_id
            WHERE m.endpoint_id = p.endpoint_id AND i.outcome = 'FAILED' AND i.ord > coalesce(p.last_success, 0))
      END AS first_failure
    FROM per_endpoint p),
  flagged AS (
    UPDATE endpoints e SET
      failing_since = CASE WHEN f.first_failure IS NULL THEN NULL
                           WHEN f.last_success IS NULL THEN coalesce(e.failing_since, f.first_failure)
                           ELSE f.first_failure END,
      active = CASE WHEN f.disable_reason IS NULL THEN e.active ELSE false END,
      disabled_reason = coalesce(f.disable_reason, e.disabled_reason),
      updated_at = CASE WHEN f.disable_reason IS NULL THEN e.updated_at ELSE f.recorded_at END
    FROM failing f
    WHERE e.id = f.endpoint_id AND (f.disable_reason IS NOT NULL
      OR (f.first_failure IS NULL AND e.failing_since IS NOT NULL)
      OR (f.first_failure IS NOT NULL AND e.failing_since IS NULL)
      OR (f.first_failure IS NOT NULL AND f.last_success IS NOT NULL AND e.failing_since IS DISTINCT FROM f.first_failure)))
  SELECT delivery_id, seq FROM recorded`;

export class AttemptBatcher {
  readonly #pool: Pool;
  readonly #batches = new TurnBatches<Waiting>({ take: oldestOnePerDelivery, write: (batch) => this.#write(batch) });

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** See Store.recordAttempt. */
  record(result: AttemptResult, now: Date): Promise<{ seq: number } | null> {
    return new Promise((resolve, reject) => this.#batches.add({ result, now, resolve, reject }));
  }

  async #write(batch: Waiting[]): Promise<void> {
    try {
      const seqs = await this.#statement(batch);
      for (const waiting of batch) {
        const seq = seqs.get(waiting.result.attempt.deliveryId);
        waiting.resolve(seq === undefined ? null : { seq });
      }
    } catch (error) {
      if (batch.length > 1 && isStatementError(error)) {
        // Something in one attempt fails the statement: write them one by one, so only that one fails.
        for (const waiting of batch) await this.#write([waiting]);
        return;
      }
      for (const waiting of batch) waiting.reject(error);
    }
  }

  async #statement(batch: Waiting[]): Promise<Map<string, number>> {
    const column = <T>(pick: (waiting: Waiting) => T) => batch.map(pick);
    const values = [
      column((w) => w.result.attempt.deliveryId),
      column((w) => w.result.status),
      column((w) => w.result.nextAttemptAt),
      column((w) => w.result.attempt.statusCode),
      column((w) => storableText(w.result.attempt.error)),
      column((w) => w.now),
      column((w) => w.result.attempt.id),
      column((w) => w.result.attempt.attemptNumber),
      column((w) => w.result.attempt.outcome),
      column((w) => w.result.attempt.durationMs),
      column((w) => storableText(w.result.attempt.responseBody)),
      column((w) => w.result.attempt.startedAt),
      column((w) => storableText(w.result.disableEndpoint)),
    ];
    for (let tries = 1; ; tries += 1) {
      try {
        const { rows } = await this.#pool.query<{ delivery_id: string; seq: string }>({
          name: 'hookgate_record_attempts',
          text: RECORD_ATTEMPTS,
          values,
        });
        return new Map(rows.map((row) => [row.delivery_id, Number(row.seq)]));
      } catch (error) {
        if (tries >= DEADLOCK_TRIES || !isConflict(error)) throw error;
      }
    }
  }
}

/** The oldest waiting attempts, up to MAX_BATCH and at most one per delivery (a statement updates a row once). */
function oldestOnePerDelivery(waiting: readonly Waiting[]): { batch: Waiting[]; rest: Waiting[] } {
  const batch: Waiting[] = [];
  const deliveries = new Set<string>();
  const rest: Waiting[] = [];
  for (const call of waiting) {
    const id = call.result.attempt.deliveryId;
    if (batch.length < MAX_BATCH && !deliveries.has(id)) {
      deliveries.add(id);
      batch.push(call);
    } else rest.push(call);
  }
  return { batch, rest };
}
