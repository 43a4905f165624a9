/**
 * Receives a provider's POST to an inbound source: bounded, verified on the raw body before
 * anything is parsed or stored, written durably (deduped, forwarded in the same transaction),
 * then answered 2xx and announced to `providerEvents` subscribers.
 */
import { createHmac, hash, randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { DeliveryDispatcher } from '../delivery/delivery-service.ts';
import type { InboundRequest, InboundVerifier } from '../providers/inbound-verifier.ts';
import type { EventRecord, InboundProvider, InboundSourceKey, Store } from '../store/store.ts';
import { sortableId } from '../util/sortable-id.ts';
import { forwardedName, forwardedPayload, subscribedAs } from './forwarding.ts';
import type { InboundLimits } from './inbound-limits.ts';
import type { InboundOutcome } from './inbound-metrics.ts';
import { encodeInboundId } from './inbound-ids.ts';
import type { ProviderEventMessage } from './provider-event-message.ts';
import type { RecentProviderEvents } from './recent-provider-events.ts';
import { hashSourceToken } from './source-token.ts';

/** A request as the route hands it over: the body still unread. */
export interface IncomingInbound {
  token: string;
  /** The query string, without its `?` ('' when none). */
  search: string;
  /** A header's value (case-insensitive name), or null. */
  header(name: string): string | null;
  /** The Content-Length the client declared, or null. */
  declaredLength: number | null;
  /** The body, or null once it grows past `limit` (the rest is left unread). */
  readBody(limit: number): Promise<Buffer | null>;
}

export interface InboundAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface InboundReceiverDeps {
  store: Store;
  secrets: SecretBox;
  verifiers: ReadonlyMap<InboundProvider, InboundVerifier>;
  limits: InboundLimits;
  /** Largest body accepted (HOOKGATE_INBOUND_MAX_BYTES). */
  maxBytes: number;
  worker: DeliveryDispatcher;
  publish: (message: ProviderEventMessage) => void;
  /** Where stored events are kept for this process's subscribers. */
  recent: RecentProviderEvents;
  requests: Counter<'provider' | 'outcome'>;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_HEADERS = { 'content-type': 'application/json' };
/** Stands in for a source's secret when none matched, so an unknown source costs what a known one does. */
const DECOY_KEY = randomBytes(32);
/** Opened source secrets kept; beyond it they are forgotten all at once (and opened again as needed). */
const OPENED_SECRETS_LIMIT = 10_000;

function text(status: number, body: string, headers: Record<string, string> = {}): InboundAnswer {
  return { status, body, headers: { ...TEXT, ...headers } };
}

export class InboundReceiver {
  readonly #deps: InboundReceiverDeps;
  readonly #now: () => Date;
  readonly #decoySecret: string;
  /** The metric's child per provider and outcome (prom-client hashes the labels on every inc otherwise). */
  readonly #counters = new Map<string, { inc(): void }>();
  /** Sealed source secret → opened: AES-GCM per request would cost more than the HMAC it feeds. */
  readonly #openedSecrets = new Map<string, string>();

  constructor(deps: InboundReceiverDeps) {
    this.#deps = deps;
    this.#decoySecret = deps.secrets.seal(DECOY_KEY.toString('base64url'));
    this.#now = deps.now ?? (() => new Date());
  }

  async receive(incoming: IncomingInbound): Promise<InboundAnswer> {
    const tokenHash = hashSourceToken(incoming.token);
    const admission = this.#deps.limits.admit(tokenHash);
    if (!admission.admitted) {
      this.#count('UNKNOWN', 'limited');
      return text(429, 'too many requests', { 'retry-after': String(admission.retryAfterSeconds) });
    }
    try {
      return await this.#receive(incoming, tokenHash);
    } finally {
      admission.release();
    }
  }

  async #receive(incoming: IncomingInbound, tokenHash: string): Promise<InboundAnswer> {
    let source: InboundSourceKey | null;
    try {
      source = await this.#deps.store.findInboundSource(tokenHash);
    } catch (error) {
      return this.#storeFailed(error);
    }
    const provider = source?.provider ?? 'UNKNOWN';
    const declared = incoming.declaredLength;
    const rawBody = declared !== null && declared > this.#deps.maxBytes ? null : await incoming.readBody(this.#deps.maxBytes);
    if (rawBody === null) {
      if (source) await this.#countRejected(source);
      this.#count(provider, 'too_large');
      return text(413, 'payload too large', { connection: 'close' });
    }
    let query: URLSearchParams | undefined;
    const request: InboundRequest = {
      rawBody,
      header: incoming.header,
      // Parsed only for the provider that reads it (Shippo's token).
      get query() {
        return (query ??= new URLSearchParams(incoming.search));
      },
      now: this.#now(),
    };
    if (source === null) {
      // The work a known source's refusal costs (opening its secret, reading the query, an HMAC), so the two answer alike in time.
      this.#open(this.#decoySecret);
      void request.query;
      createHmac('sha256', DECOY_KEY).update(rawBody).digest('base64');
      this.#count('UNKNOWN', 'unknown_source');
      return text(404, 'verification failed');
    }
    const verifier = this.#deps.verifiers.get(source.provider);
    const secret = source.sealedSecret === null ? null : this.#open(source.sealedSecret);
    if (!verifier || !verifier.verify(request, secret)) {
      // Not awaited: the answer must not wait for (nor reveal) the write an unknown source does not make.
      void this.#countRejected(source);
      this.#count(provider, 'rejected');
      return text(401, 'verification failed');
    }
    const payloadJson = rawBody.toString('utf8');
    let payload: unknown;
    try {
      payload = JSON.parse(payloadJson);
    } catch {
      await this.#countRejected(source);
      this.#count(provider, 'malformed');
      return text(400, 'the body is not JSON');
    }
    return this.#store(source, verifier, request, payloadJson, payload);
  }

  async #store(
    source: InboundSourceKey,
    verifier: InboundVerifier,
    request: InboundRequest,
    payloadJson: string,
    payload: unknown,
  ): Promise<InboundAnswer> {
    const facts = verifier.describe(payload, source.events);
    const event = {
      id: sortableId('pev'),
      tenant: source.tenant,
      sourceId: source.id,
      provider: source.provider,
      type: facts.type,
      occurredAt: facts.occurredAt,
      receivedAt: request.now,
      dedupeKey: facts.eventId !== null ? `id:${facts.eventId}` : `sha256:${hash('sha256', request.rawBody)}`,
      payloadJson,
    };
    const handoff = this.#deps.worker.handOff();
    // Built only when an endpoint receives it, in the transaction.
    const forwardEvent = (): EventRecord => ({
      id: sortableId('msg'),
      tenant: source.tenant,
      eventType: forwardedName(source.provider, facts.type),
      payload: forwardedPayload(event, facts.data),
      idempotencyKey: null,
      createdAt: request.now,
    });
    let outcome;
    try {
      outcome = await this.#deps.store.recordProviderEvent({
        event,
        forward: {
          event: forwardEvent,
          subscribedAs: subscribedAs(source.provider, facts.type),
          newDeliveryId: () => sortableId('dlv'),
          leaseNewDeliveries: handoff.lease,
        },
      });
    } catch (error) {
      handoff.cancel();
      return this.#storeFailed(error);
    }
    handoff.complete(outcome);
    this.#count(source.provider, outcome.duplicate ? 'duplicate' : 'accepted');
    const stored = outcome.event;
    if (!outcome.duplicate) {
      this.#deps.recent.remember(stored);
      this.#deps.publish({
        seq: stored.seq,
        id: stored.id,
        tenant: stored.tenant,
        provider: stored.provider,
        type: stored.type,
        receivedAt: stored.receivedAt.toISOString(),
      });
    }
    return {
      status: 200,
      body: `{"id":"${encodeInboundId('ProviderEvent', stored.id)}","duplicate":${outcome.duplicate}}`,
      headers: JSON_HEADERS,
    };
  }

  #open(sealed: string): string {
    let secret = this.#openedSecrets.get(sealed);
    if (secret === undefined) {
      if (this.#openedSecrets.size >= OPENED_SECRETS_LIMIT) this.#openedSecrets.clear();
      secret = this.#deps.secrets.open(sealed);
      this.#openedSecrets.set(sealed, secret);
    }
    return secret;
  }

  async #countRejected(source: InboundSourceKey): Promise<void> {
    try {
      await this.#deps.store.countRejectedInbound(source.id);
    } catch (error) {
      this.#deps.log('counting a rejected inbound request failed', error);
    }
  }

  #count(provider: InboundProvider | 'UNKNOWN', outcome: InboundOutcome): void {
    const key = `${provider}:${outcome}`;
    let counter = this.#counters.get(key);
    if (counter === undefined) {
      counter = this.#deps.requests.labels(provider, outcome);
      this.#counters.set(key, counter);
    }
    counter.inc();
  }

  #storeFailed(error: unknown): InboundAnswer {
    this.#deps.log('an inbound event could not be stored', error);
    this.#count('UNKNOWN', 'store_unavailable');
    // The provider retries; nothing was acknowledged.
    return text(503, 'temporarily unavailable', { 'retry-after': '5' });
  }
}
