/**
 * The claim: due deliveries leased to the claiming instance, with their endpoints and events,
 * in one statement (one round trip, one plan, no second look at rows just read).
 */
import type { ClaimedDelivery } from '../store.ts';
import { type DeliveryRow, type EndpointRow, toDelivery, toEndpoint } from './rows.ts';

/**
 * Ends any claim statement whose leasing UPDATE is the CTE `claimed` (RETURNING *): each claimed
 * delivery with its endpoint and event, so the claim costs no second look at rows just read.
 */
export const SELECT_CLAIMED = `
  SELECT c.*,
    en.url AS en_url, en.name AS en_name, en.events AS en_events, en.active AS en_active, en.is_test AS en_is_test,
    en.secret AS en_secret, en.previous_secret AS en_previous_secret,
    en.previous_secret_expires_at AS en_previous_secret_expires_at, en.disabled_reason AS en_disabled_reason,
    en.failing_since AS en_failing_since, en.created_at AS en_created_at, en.updated_at AS en_updated_at,
    ev.event_type AS ev_event_type, ev.payload::text AS ev_payload_json, ev.idempotency_key AS ev_idempotency_key,
    ev.created_at AS ev_created_at
  FROM claimed c JOIN endpoints en ON en.id = c.endpoint_id JOIN events ev ON ev.id = c.event_id`;

/**
 * $1 lease until, $2 now, $3 limit. Due work is read in two parts, each through its own index:
 * deliveries no one holds (deliveries_claimable, which leaves out the ones in flight instead of
 * stepping over them at the head of the queue on every claim), and the few whose lease ran out
 * (deliveries_leased). SKIP LOCKED: instances claiming at once each take different rows instead
 * of queueing on the same ones; a row claimed and committed meanwhile is re-checked and left out
 * by its lease. \`= ANY(ARRAY(...))\` rather than \`IN (...)\`: the planner turns IN into a hash
 * join over the whole table; this reads the claimed rows by primary key. The payload comes back
 * as the text that was stored, ready to send.
 */
export const CLAIM_DUE = `
  WITH unheld AS (
    SELECT id, next_attempt_at FROM deliveries
    WHERE status = 'PENDING' AND lease_until IS NULL AND next_attempt_at <= $2
    ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED),
  expired AS (
    SELECT id, next_attempt_at FROM deliveries
    WHERE lease_until < $2 AND status = 'PENDING' AND next_attempt_at <= $2
    ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED),
  claimed AS (
    UPDATE deliveries SET lease_until = $1 WHERE id = ANY(ARRAY(
      SELECT id FROM (SELECT * FROM unheld UNION ALL SELECT * FROM expired) due ORDER BY next_attempt_at LIMIT $3))
    RETURNING *)
  ${SELECT_CLAIMED}`;

/** A claimed delivery's row, its endpoint's columns prefixed `en_` and its event's `ev_`. */
export interface ClaimedRow extends DeliveryRow {
  en_url: string;
  en_name: string | null;
  en_events: string[];
  en_active: boolean;
  en_is_test: boolean;
  en_secret: string;
  en_previous_secret: string | null;
  en_previous_secret_expires_at: Date | null;
  en_disabled_reason: string | null;
  en_failing_since: Date | null;
  en_created_at: Date;
  en_updated_at: Date;
  ev_event_type: string;
  ev_payload_json: string;
  ev_idempotency_key: string | null;
  ev_created_at: Date;
}

export function toClaimed(row: ClaimedRow): ClaimedDelivery {
  // An endpoint and its deliveries and events belong to one tenant: the delivery's.
  const endpoint: EndpointRow = {
    id: row.endpoint_id,
    tenant: row.tenant,
    url: row.en_url,
    name: row.en_name,
    events: row.en_events,
    active: row.en_active,
    is_test: row.en_is_test,
    secret: row.en_secret,
    previous_secret: row.en_previous_secret,
    previous_secret_expires_at: row.en_previous_secret_expires_at,
    disabled_reason: row.en_disabled_reason,
    failing_since: row.en_failing_since,
    created_at: row.en_created_at,
    updated_at: row.en_updated_at,
  };
  return {
    delivery: toDelivery(row),
    endpoint: toEndpoint(endpoint),
    event: {
      id: row.event_id,
      tenant: row.tenant,
      eventType: row.ev_event_type,
      idempotencyKey: row.ev_idempotency_key,
      createdAt: row.ev_created_at,
      payloadJson: row.ev_payload_json,
    },
  };
}
