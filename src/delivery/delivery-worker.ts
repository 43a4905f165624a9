/**
 * Sends due deliveries. It claims work from the store in bounded batches (never the whole
 * backlog), leases each claim so a crashed process's work comes back, keeps a global and a
 * per-endpoint concurrency limit, signs per Standard Webhooks, records every attempt before
 * moving the delivery on, and publishes each outcome as a DeliveryEvent.
 *
 * It takes no more of an endpoint than that endpoint has room for (see EndpointLanes): the global
 * slots are held only by sends in flight, what waits for a busy endpoint waits in that endpoint's
 * bounded lane or in the store, and a slow or hanging endpoint's work never waits in front of the
 * others'.
 *
 * Deliveries this process publishes while the worker has room skip the claim: the publish
 * transaction leases them to this worker (see `handOff`) and they are sent straight away.
 * Claiming remains for everything else: retries, redeliveries, a backlog, other instances' work.
 */
import type { SecretBox } from '../crypto/secret-box.ts';
import type { OutboundClient } from '../http/outbound-client.ts';
import { signStandardWebhook } from '../signing/standard-webhooks.ts';
import type { ClaimedDelivery, DeliveryStatus, EndpointRecord, PublishOutcome, SendableEvent, Store } from '../store/store.ts';
import type { DeliveryEvent } from './delivery-event.ts';
import type { DeliveryMetrics } from './delivery-metrics.ts';
import { StoreFaultError } from '../errors.ts';
import { PendingRecords } from './pending-records.ts';
import { parseRetryAfter } from '../providers/upstream/retry-after.ts';
import { nextDelayMs, type RetryPolicy } from './retry-schedule.ts';
import { sortableId } from '../util/sortable-id.ts';
import { EndpointLanes } from './endpoint-lanes.ts';

const OPENED_SECRETS_LIMIT = 10_000;

export interface DeliveryWorkerOptions {
  retry: RetryPolicy;
  /** Deliveries in flight at once, over all endpoints. */
  concurrency: number;
  /** Deliveries in flight at once to one endpoint. */
  endpointConcurrency: number;
  /** The most deliveries claimed in one go. */
  batchSize: number;
  /** Total time one attempt may take, connect included. */
  timeoutMs: number;
  /** How long a claim is held; a crashed worker's work is claimed again after it. */
  leaseMs: number;
  /** Longest sleep when nothing is due, so work written by another process is seen. */
  pollMs: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterFailingMs: number;
  userAgent: string;
}

export interface DeliveryWorkerDeps {
  store: Store;
  outbound: OutboundClient;
  /** Opens the sealed endpoint secrets to sign with. */
  secrets: SecretBox;
  publish: (event: DeliveryEvent) => void;
  metrics: DeliveryMetrics;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Room in the worker for the deliveries of one publish, from inside its transaction until it
 * has committed (or failed). Each publish takes its own.
 */
export interface Handoff {
  /**
   * Called in the transaction with the endpoint of each new delivery: per delivery, its lease
   * when there is room for it (globally and at its endpoint), or null to leave it to a claim.
   */
  lease(endpointIds: readonly string[]): (Date | null)[];
  /**
   * After the commit: sends what was leased, once the publish has answered, and wakes the worker
   * for new deliveries that were not leased.
   */
  complete(outcome: Pick<PublishOutcome, 'duplicate' | 'claimed'>): void;
  /** After a failed publish: gives the room back. */
  cancel(): void;
}

interface Outcome {
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
  retryAfterMs: number | null;
}

export class DeliveryWorker {
  readonly #options: DeliveryWorkerOptions;
  readonly #deps: Required<DeliveryWorkerDeps>;
  #running = false;
  #loop: Promise<void> | null = null;
  #wakeUp: (() => void) | null = null;
  #wakeRequested = false;
  /** When the loop's current sleep ends (epoch ms); null while it is not sleeping. */
  #sleepingUntil: number | null = null;
  /** Sends in flight: only these hold global slots. */
  #inFlight = 0;
  /** Slots promised to publishes that have leased deliveries to this worker and not yet committed. */
  #reserved = 0;
  /**
   * Whether due work may wait in the store that no claim has picked up: set by wake() and when a
   * claim stopped short for want of room; cleared when a claim took everything due. Sends that
   * finish only trigger a claim while it is set, so directly handed-off work costs no claims.
   */
  #mayHaveDueWork = true;
  /** Free slots worth a claim when sends finish: claiming per finished send costs a transaction each. */
  readonly #claimWhenFree: number;
  /** Wire bodies by event: the deliveries of one event in a claim share its record, so they share the body. */
  readonly #bodies = new WeakMap<SendableEvent, string>();
  /** Opened endpoint secrets by sealed value: opening costs as much as signing. Bounded, as rotations retire secrets. */
  readonly #openedSecrets = new Map<string, string>();
  readonly #lanes: EndpointLanes;
  /** The earliest retry this worker scheduled, while its loop does not ask the store when work is due. */
  #nextRetryAt: number | null = null;
  readonly #sends = new Set<Promise<void>>();
  /** Deliveries this worker holds (waiting in a lane or being sent) and has not recorded: their leases are renewed. */
  readonly #held = new Set<string>();
  #renewal: NodeJS.Timeout | null = null;
  /** Outcomes the store failed to record, recorded once it takes writes again (instead of re-sent after the lease). */
  readonly #records: PendingRecords;
  /** Whether claiming stopped because the store failed; logged once, and again when it resumes. */
  #pausedByStore = false;

  constructor(options: DeliveryWorkerOptions, deps: DeliveryWorkerDeps) {
    for (const key of ['concurrency', 'endpointConcurrency', 'batchSize', 'timeoutMs', 'leaseMs', 'pollMs'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 1) throw new RangeError(`${key} must be a positive integer`);
    }
    this.#options = options;
    this.#lanes = new EndpointLanes(options);
    this.#claimWhenFree = Math.max(1, Math.floor(Math.min(options.batchSize, options.concurrency) / 2));
    this.#deps = {
      now: () => new Date(),
      log: (message, error) => console.error(`[delivery] ${message}`, error ?? ''),
      ...deps,
    };
    this.#records = new PendingRecords({ store: this.#deps.store, maxPending: options.concurrency, log: this.#deps.log });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
    // Renewing the leases of what this worker holds (in flight, or waiting in an endpoint's lane)
    // keeps another instance from taking it over while this one is alive, however long it takes.
    this.#renewal = setInterval(() => void this.#renewLeases(), Math.max(1, Math.floor(this.#options.leaseMs / 3)));
    this.#renewal.unref();
  }

  async #renewLeases(): Promise<void> {
    if (this.#held.size === 0) return;
    const until = new Date(this.#deps.now().getTime() + this.#options.leaseMs);
    try {
      await this.#deps.store.renewLeases([...this.#held], until);
    } catch (error) {
      this.#deps.log('renewing delivery leases failed; they may be claimed again elsewhere', error);
    }
  }

  /** New work may be due now (an event was published, a delivery redelivered). */
  wake(): void {
    this.#mayHaveDueWork = true;
    this.#wakeLoop();
  }

  #wakeLoop(): void {
    this.#wakeRequested = true;
    this.#wakeUp?.();
  }

  /** Slots neither sending nor promised to a publish (#reserved). */
  #freeSlots(): number {
    return this.#options.concurrency - this.#inFlight - this.#reserved;
  }

  /** Room for one publish's deliveries, to be sent without a claim (see Handoff). */
  handOff(): Handoff {
    let reserved: string[] = [];
    /** Whether a delivery was left to a claim for want of global room (not of room at its endpoint). */
    let leftForClaim = false;
    const release = () => {
      this.#reserved -= reserved.length;
      for (const endpointId of reserved) for (const work of this.#lanes.unreserve(endpointId)) this.#startSend(work);
      reserved = [];
    };
    return {
      lease: (endpointIds) => {
        release();
        leftForClaim = false;
        const until = new Date(this.#deps.now().getTime() + this.#options.leaseMs);
        return endpointIds.map((endpointId) => {
          if (!this.#running || this.#freeSlots() <= 0) {
            leftForClaim = true;
            return null;
          }
          // Left in the store: its endpoint asks for a claim once it has room again.
          if (this.#lanes.room(endpointId) <= 0) {
            this.#lanes.leftInStore(endpointId);
            return null;
          }
          reserved.push(endpointId);
          this.#reserved += 1;
          this.#lanes.reserve(endpointId);
          return until;
        });
      },
      complete: (outcome) => {
        if (!outcome.duplicate && leftForClaim) this.wake();
        if (outcome.claimed.length === 0) return release();
        // On the next turn of the event loop, once the publishing request has answered: the
        // mutation returns before any HTTP is sent. The room stays reserved until then.
        setImmediate(() => {
          release();
          // Stopped meanwhile: the leases bring these back, as with claimed work not started.
          if (this.#running) for (const work of outcome.claimed) this.#dispatch(work, 'publish');
        });
      },
      cancel: release,
    };
  }

  /** Stops claiming and waits for the attempts in flight; claimed work not started is released by its lease. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#renewal) clearInterval(this.#renewal);
    this.#wakeLoop();
    await this.#loop;
    await this.#records.stop();
    // What waits in lanes is not started: given back, it is due again at once (for another instance too).
    const waiting = this.#lanes.drain();
    for (const work of waiting) this.#held.delete(work.delivery.id);
    await this.#release(waiting);
    while (this.#sends.size > 0) await Promise.all([...this.#sends]);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      // Wakes from here on count for the next sleep; earlier ones are answered by this pass.
      this.#wakeRequested = false;
      this.#mayHaveDueWork = false;
      try {
        const free = this.#freeSlots();
        if (free <= 0) this.#mayHaveDueWork = true;
        else {
          const now = this.#deps.now();
          if (this.#nextRetryAt !== null && this.#nextRetryAt <= now.getTime()) this.#nextRetryAt = null;
          const limit = Math.min(this.#options.batchSize, free);
          const endpointRoom = this.#lanes.claimRoom();
          const claimed = await this.#deps.store.claimDueDeliveries({
            now,
            limit,
            leaseUntil: new Date(now.getTime() + this.#options.leaseMs),
            endpointRoom,
          });
          if (this.#pausedByStore) {
            this.#pausedByStore = false;
            this.#deps.log('the store answers again: delivery resumed');
          }
          this.#lanes.claimed(
            endpointRoom,
            claimed.map((work) => work.endpoint.id),
            claimed.length < limit,
          );
          for (const work of claimed) this.#dispatch(work, 'claim');
          if (claimed.length === limit) {
            // More is due. Claim again at once only while the room left is worth a claim; with
            // less, a backlog would be claimed a few deliveries at a time, a transaction each.
            // Sends that finish wake the loop when there is room (#afterSend).
            this.#mayHaveDueWork = true;
            if (this.#freeSlots() >= this.#claimWhenFree) {
              await new Promise((resolve) => setImmediate(resolve)); // let I/O run, then claim more
            } else {
              await this.#sleep(this.#options.pollMs);
            }
            continue;
          }
        }
        await this.#sleep(await this.#sleepMs());
      } catch (error) {
        this.#mayHaveDueWork = true;
        if (!(error instanceof StoreFaultError)) this.#deps.log('claiming deliveries failed; retrying shortly', error);
        else if (!this.#pausedByStore) {
          this.#pausedByStore = true;
          this.#deps.log(`delivery paused: the store failed (${error.code}); resuming by itself when it answers`, error);
        }
        await this.#sleep(Math.min(this.#options.pollMs, 1_000));
      }
    }
  }

  async #sleepMs(): Promise<number> {
    if (this.#inFlight >= this.#options.concurrency) return this.#options.pollMs; // a finishing send wakes us
    const now = this.#deps.now().getTime();
    // Work waits in the store for endpoints without room: they wake the loop when they have room
    // again. Asking the store when the rest is due would cost a scan past all of that work.
    if (this.#lanes.anyBacklogged) {
      return this.#nextRetryAt === null ? this.#options.pollMs : Math.max(0, Math.min(this.#options.pollMs, this.#nextRetryAt - now));
    }
    const due = await this.#deps.store.nextDueAt(this.#lanes.withoutRoom());
    if (due === null) return this.#options.pollMs;
    return Math.max(0, Math.min(this.#options.pollMs, due.getTime() - now));
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakeRequested || !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepingUntil = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#sleepingUntil = this.#deps.now().getTime() + ms;
      this.#wakeUp = () => {
        this.#wakeUp = null;
        done();
      };
    });
  }

  /**
   * After a send: wake the loop when work may be waiting and enough slots are free for a
   * worthwhile claim, when the endpoint's own work waits in the store and it has room for it
   * again (`endpointHasRoom`), or when the attempt scheduled a retry that falls due before the
   * loop would wake anyway.
   */
  #afterSend(retryAt: Date | null, endpointHasRoom: boolean): void {
    if (retryAt !== null && (this.#nextRetryAt === null || retryAt.getTime() < this.#nextRetryAt)) this.#nextRetryAt = retryAt.getTime();
    if (endpointHasRoom) this.#mayHaveDueWork = true;
    const free = this.#freeSlots();
    const retryIsSooner = retryAt !== null && this.#sleepingUntil !== null && retryAt.getTime() < this.#sleepingUntil;
    const roomToClaim = free >= this.#claimWhenFree || this.#inFlight === 0 || (endpointHasRoom && free > 0);
    if ((this.#mayHaveDueWork && roomToClaim) || retryIsSooner) this.#wakeLoop();
  }

  #dispatch(work: ClaimedDelivery, via: 'publish' | 'claim'): void {
    // Already here: its lease ran out while the store could not renew it or record its attempt.
    if (this.#held.has(work.delivery.id)) return;
    this.#deps.metrics.dispatches.inc({ via });
    this.#held.add(work.delivery.id);
    for (const admitted of this.#lanes.admit(work)) this.#startSend(admitted);
  }

  /** Gives back the leases of held deliveries that will not be attempted now. */
  async #release(works: readonly ClaimedDelivery[]): Promise<void> {
    if (works.length === 0) return;
    try {
      await this.#deps.store.releaseLeases(works.map((work) => work.delivery.id));
    } catch (error) {
      this.#deps.log('giving back delivery leases failed; they run out by themselves', error);
    }
  }

  /** Sends one delivery its lane has admitted. */
  #startSend(work: ClaimedDelivery): void {
    this.#inFlight += 1;
    const send: Promise<void> = this.#attempt(work)
      .catch((error: unknown) => {
        this.#deps.log(`delivery ${work.delivery.id} could not be recorded; its lease will bring it back`, error);
        return { retryAt: null, answered: null };
      })
      .then(({ retryAt, answered }) => {
        this.#sends.delete(send);
        this.#held.delete(work.delivery.id);
        this.#inFlight -= 1;
        const after = this.#lanes.finish(work.endpoint.id, answered);
        for (const next of after.start) this.#startSend(next);
        for (const released of after.release) this.#held.delete(released.delivery.id);
        void this.#release(after.release);
        this.#afterSend(retryAt, after.claimNow && this.#running);
      });
    this.#sends.add(send);
  }

  /**
   * Sends and records one attempt; returns when the delivery is due again (null when it is not)
   * and whether the receiver answered (null when nothing was sent).
   */
  async #attempt({ delivery, endpoint, event }: ClaimedDelivery): Promise<{ retryAt: Date | null; answered: boolean | null }> {
    const startedAt = this.#deps.now();
    const outcome = endpoint.active ? await this.#send(endpoint, event) : notSent();
    const answered = endpoint.active ? outcome.statusCode !== null : null;
    const now = this.#deps.now();
    const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;

    let status: DeliveryStatus = succeeded ? 'SUCCEEDED' : 'FAILED';
    let nextAttemptAt: Date | null = null;
    let disableEndpoint: string | null = null;
    if (!succeeded && endpoint.active) {
      if (outcome.statusCode === 410) {
        disableEndpoint = 'The endpoint answered 410 Gone';
      } else if (
        endpoint.failingSince !== null &&
        now.getTime() - endpoint.failingSince.getTime() >= this.#options.disableAfterFailingMs
      ) {
        disableEndpoint = `No successful delivery since ${endpoint.failingSince.toISOString()}`;
      } else {
        const retryAfter = outcome.statusCode === 429 || outcome.statusCode === 503 ? outcome.retryAfterMs : null;
        const delay = nextDelayMs(this.#options.retry, delivery.seriesAttempts + 1, retryAfter);
        if (delay !== null) {
          status = 'PENDING';
          nextAttemptAt = new Date(now.getTime() + delay);
        }
      }
    }

    const attempt = {
      id: sortableId('att'),
      deliveryId: delivery.id,
      attemptNumber: delivery.attemptCount + 1,
      outcome: succeeded ? ('SUCCEEDED' as const) : ('FAILED' as const),
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
      responseBody: outcome.responseBody,
      startedAt,
    };
    const recorded = await this.#records.record({ attempt, status, nextAttemptAt, disableEndpoint }, now);
    if (recorded === null) return { retryAt: null, answered }; // its endpoint was deleted meanwhile: nothing left to track
    const { seq } = recorded;

    const { metrics } = this.#deps;
    metrics.attempts.inc({ outcome: attempt.outcome });
    if (status !== 'PENDING') metrics.deliveries.inc({ status });
    if (succeeded) metrics.latency.observe((now.getTime() - event.createdAt.getTime()) / 1000);
    this.#deps.publish({
      seq,
      tenant: endpoint.tenant,
      attemptId: attempt.id,
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.eventType,
      attemptNumber: attempt.attemptNumber,
      outcome: attempt.outcome,
      deliveryStatus: status,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      error: attempt.error,
      nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
      occurredAt: now.toISOString(),
    });
    return { retryAt: nextAttemptAt, answered };
  }

  #openSecret(sealed: string): string {
    let secret = this.#openedSecrets.get(sealed);
    if (secret === undefined) {
      if (this.#openedSecrets.size >= OPENED_SECRETS_LIMIT) this.#openedSecrets.clear();
      secret = this.#deps.secrets.open(sealed);
      this.#openedSecrets.set(sealed, secret);
    }
    return secret;
  }

  /** The message: `{"type", "timestamp", "data"}`, the payload spliced in as stored. */
  #body(event: SendableEvent): string {
    let body = this.#bodies.get(event);
    if (body === undefined) {
      body = `{"type":${JSON.stringify(event.eventType)},"timestamp":"${event.createdAt.toISOString()}","data":${event.payloadJson}}`;
      this.#bodies.set(event, body);
    }
    return body;
  }

  async #send(endpoint: EndpointRecord, event: SendableEvent): Promise<Outcome> {
    const now = this.#deps.now();
    const body = this.#body(event);
    const secrets =
      endpoint.previousSecret !== null && endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now
        ? [this.#openSecret(endpoint.secret), this.#openSecret(endpoint.previousSecret)]
        : [this.#openSecret(endpoint.secret)];
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.#options.userAgent,
      ...signStandardWebhook({ id: event.id, timestamp: now, body, secrets }),
    };
    const started = performance.now();
    try {
      const response = await this.#deps.outbound.post({ url: endpoint.url, headers, body, timeoutMs: this.#options.timeoutMs });
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        statusCode: response.statusCode,
        error: ok ? null : `The receiver answered HTTP ${response.statusCode}`,
        responseBody: response.body,
        durationMs: response.durationMs,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      };
    } catch (error) {
      const err = error as { name?: string; code?: string; message?: string };
      const timedOut = err.name === 'TimeoutError' || (err.code?.includes('TIMEOUT') ?? false);
      return {
        statusCode: null,
        error: timedOut ? `No answer within ${this.#options.timeoutMs} ms` : (err.message ?? String(error)),
        responseBody: null,
        durationMs: performance.now() - started,
        retryAfterMs: null,
      };
    }
  }
}

function notSent(): Outcome {
  return { statusCode: null, error: 'Not sent: the endpoint is disabled', responseBody: null, durationMs: 0, retryAfterMs: null };
}
