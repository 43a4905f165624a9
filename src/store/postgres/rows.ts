/**
 * Rows as node-postgres returns them (timestamptz → Date, jsonb → parsed JSON, int4 → number)
 * and their mapping to the store's records.
 */
import type {
  ApiKeyRecord,
  AttemptEventRecord,
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  EndpointRecord,
  EventRecord,
  EventTypeRecord,
  InboundProvider,
  InboundSourceRecord,
  ProviderEventFilter,
  ProviderEventRecord,
} from '../store.ts';

export interface EndpointRow {
  id: string;
  tenant: string;
  url: string;
  name: string | null;
  events: string[];
  active: boolean;
  is_test: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EventTypeRow {
  tenant: string;
  name: string;
  title: string | null;
  description: string | null;
  category: string | null;
  schema: unknown;
  example: unknown;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  id: string;
  tenant: string;
  event_type: string;
  payload: unknown;
  idempotency_key: string | null;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  tenant: string;
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempt_count: number;
  series_attempts: number;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export interface AttemptRow {
  id: string;
  /** bigint: node-postgres returns it as a string. */
  seq: string;
  tenant: string;
  delivery_id: string;
  attempt_number: number;
  outcome: AttemptRecord['outcome'];
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  started_at: Date;
  delivery_status: DeliveryStatus;
  next_attempt_at: Date | null;
  recorded_at: Date;
}

/** An attempt joined with its delivery's endpoint and event. */
export interface AttemptEventRow extends AttemptRow {
  endpoint_id: string;
  event_id: string;
  event_type: string;
}

export interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string | null;
  scopes: string[];
  hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function toEndpoint(row: EndpointRow): EndpointRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    url: row.url,
    name: row.name,
    events: row.events,
    active: row.active,
    isTest: row.is_test,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toEventType(row: EventTypeRow): EventTypeRecord {
  return {
    tenant: row.tenant,
    name: row.name,
    title: row.title,
    description: row.description,
    category: row.category,
    schema: row.schema,
    example: row.example,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    eventType: row.event_type,
    payload: row.payload,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    status: row.status,
    attemptCount: row.attempt_count,
    seriesAttempts: row.series_attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    attemptNumber: row.attempt_number,
    outcome: row.outcome,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
    responseBody: row.response_body,
    startedAt: row.started_at,
  };
}

/** A bigint seq as a number: exact up to 2^53, which no attempt counter reaches. */
export function toSeq(value: string): number {
  return Number(value);
}

export function toAttemptEvent(row: AttemptEventRow): AttemptEventRecord {
  return {
    seq: toSeq(row.seq),
    attempt: toAttempt(row),
    tenant: row.tenant,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    deliveryStatus: row.delivery_status,
    nextAttemptAt: row.next_attempt_at,
    recordedAt: row.recorded_at,
  };
}

export function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    scopes: row.scopes,
    hash: row.hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** A JSON value for a jsonb parameter; SQL NULL for null, as the SQLite store stores it. */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * PostgreSQL text cannot hold U+0000, which a receiver's response (or an error built from it)
 * may contain; SQLite keeps it. Replacing it keeps the attempt recordable rather than failing
 * the transaction on every retry.
 */
export function storableText(value: string | null): string | null {
  return value === null ? null : value.replaceAll('\u0000', '\uFFFD');
}

export interface InboundSourceRow {
  id: string;
  tenant: string;
  provider: InboundProvider;
  name: string | null;
  token_hash: string;
  sealed_token: string;
  sealed_secret: string | null;
  events: string[];
  scope: InboundSourceRecord['scope'];
  webhook: InboundSourceRecord['webhook'];
  created_at: Date;
  /** bigint: node-postgres returns it as a string. */
  received_count: string;
  last_received_at: Date | null;
  rejected_count: string;
}

export function toInboundSource(row: InboundSourceRow): InboundSourceRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    provider: row.provider,
    name: row.name,
    tokenHash: row.token_hash,
    sealedToken: row.sealed_token,
    sealedSecret: row.sealed_secret,
    events: row.events,
    scope: row.scope,
    webhook: row.webhook,
    createdAt: row.created_at,
    receivedCount: Number(row.received_count),
    lastReceivedAt: row.last_received_at,
    rejectedCount: Number(row.rejected_count),
  };
}

export interface ProviderEventRow {
  id: string;
  seq: string;
  tenant: string;
  source_id: string;
  provider: InboundProvider;
  type: string;
  occurred_at: Date | null;
  received_at: Date;
  dedupe_key: string;
  payload: string;
}

export function toProviderEvent(row: ProviderEventRow): ProviderEventRecord {
  return {
    seq: toSeq(row.seq),
    id: row.id,
    tenant: row.tenant,
    sourceId: row.source_id,
    provider: row.provider,
    type: row.type,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    dedupeKey: row.dedupe_key,
    payloadJson: row.payload,
  };
}

/** The tenant, provider and source conditions of provider-event reads, numbered from $1. */
export function providerEventConditions(filter: ProviderEventFilter): { conditions: string[]; values: unknown[] } {
  const conditions = ['tenant = $1'];
  const values: unknown[] = [filter.tenant];
  if (filter.provider !== undefined) {
    values.push(filter.provider);
    conditions.push(`provider = $${values.length}`);
  }
  if (filter.sourceId !== undefined) {
    values.push(filter.sourceId);
    conditions.push(`source_id = $${values.length}`);
  }
  return { conditions, values };
}
