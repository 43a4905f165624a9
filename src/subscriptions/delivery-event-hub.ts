/**
 * One source of delivery events per process for every `deliveryEvents` subscription: a single
 * pub/sub listener and a single sweep of the store, shared by all subscribers and running only
 * while at least one is open. Each attempt is handed once to the subscribers of its tenant.
 *
 * Live events come through pub/sub, which is fast but not reliable: an instance killed between
 * recording an attempt and publishing it, or a Redis hiccup, loses that message. So every
 * `sweepMs` the hub also reads the attempts recorded since its watermark and hands on those
 * pub/sub did not bring. The watermark moves over consecutive seqs only: PostgreSQL numbers
 * attempts at insert, so on a busy database seq 100 can become visible seconds after seq 101.
 * A gap is waited for up to `gapWaitMs` (then taken as a rolled-back insert), so a sweep reads
 * the attempts since the oldest gap of the last `gapWaitMs` at most, never the history.
 */
import type { DeliveryPubSub } from '../context.ts';
import type { DeliveryEvent } from '../delivery/delivery-event.ts';
import type { AttemptEventRecord, Store } from '../store/store.ts';
import type { SubscriptionMetrics } from './subscription-metrics.ts';

const SWEEP_PAGE = 500;

export interface HubTiming {
  /** How often the store is read for attempts the live stream did not bring. */
  sweepMs: number;
  /** How long a missing seq is waited for before the sweep moves past it. */
  gapWaitMs: number;
  /** How long an attempt handed on is remembered, so that it is not handed on twice. */
  forgetMs: number;
}

export const DEFAULT_HUB_TIMING: HubTiming = { sweepMs: 1_000, gapWaitMs: 30_000, forgetMs: 60_000 };

/** Receives every attempt of one tenant recorded after the hub's watermark at `subscribe`. */
export interface HubSubscriber {
  tenant: string;
  deliver(event: DeliveryEvent): void;
}

export function toDeliveryEvent(record: AttemptEventRecord): DeliveryEvent {
  const { attempt } = record;
  return {
    seq: record.seq,
    tenant: record.tenant,
    attemptId: attempt.id,
    deliveryId: attempt.deliveryId,
    endpointId: record.endpointId,
    eventId: record.eventId,
    eventType: record.eventType,
    attemptNumber: attempt.attemptNumber,
    outcome: attempt.outcome,
    deliveryStatus: record.deliveryStatus,
    statusCode: attempt.statusCode,
    durationMs: attempt.durationMs,
    error: attempt.error,
    nextAttemptAt: record.nextAttemptAt?.toISOString() ?? null,
    occurredAt: record.recordedAt.toISOString(),
  };
}

export interface HubDeps {
  store: Store;
  pubsub: DeliveryPubSub;
  metrics: SubscriptionMetrics;
  log: (message: string, error?: unknown) => void;
}

interface Running {
  /** Resolves once the watermark is read and the live listener is on. */
  ready: Promise<void>;
  stopped: boolean;
  live: AsyncIterator<DeliveryEvent> | null;
  timer: NodeJS.Timeout | null;
}

export class DeliveryEventHub {
  readonly #deps: HubDeps;
  readonly #timing: HubTiming;
  readonly #byTenant = new Map<string, Set<HubSubscriber>>();
  /** Subscribers counted in the open gauge: those whose join completed. */
  readonly #joined = new Set<HubSubscriber>();
  #running: Running | null = null;
  /** Every seq up to the watermark has been read by a sweep, or given up on as a gap. */
  #watermark = 0;
  /** The oldest gap above the watermark: when it was first seen, and the highest seq seen then. */
  #gap: { since: number; horizon: number } | null = null;
  /** No attempt with a seq up to the floor is handed on (again): from before the start, or forgotten. */
  #floor = 0;
  /** Attempts handed on above the floor, with when. */
  readonly #handedOn = new Map<number, number>();

  constructor(deps: HubDeps, timing: HubTiming = DEFAULT_HUB_TIMING) {
    this.#deps = deps;
    this.#timing = timing;
  }

  /** No attempt with a seq up to this one will be handed on (any more). */
  get floor(): number {
    return this.#floor;
  }

  /**
   * Hands `subscriber` every attempt of its tenant handed on from now until `unsubscribe`;
   * resolves to the floor then.
   */
  async subscribe(subscriber: HubSubscriber): Promise<number> {
    let subscribers = this.#byTenant.get(subscriber.tenant);
    if (!subscribers) this.#byTenant.set(subscriber.tenant, (subscribers = new Set()));
    subscribers.add(subscriber);
    const running = (this.#running ??= this.#start());
    await running.ready;
    // Counted once live: anything recorded after the gauge shows it reaches it.
    if (subscribers.has(subscriber) && !this.#joined.has(subscriber)) {
      this.#joined.add(subscriber);
      this.#deps.metrics.open.inc();
    }
    return this.#floor;
  }

  unsubscribe(subscriber: HubSubscriber): void {
    const subscribers = this.#byTenant.get(subscriber.tenant);
    if (!subscribers?.delete(subscriber)) return;
    if (this.#joined.delete(subscriber)) this.#deps.metrics.open.dec();
    if (subscribers.size === 0) this.#byTenant.delete(subscriber.tenant);
    if (this.#byTenant.size === 0) this.#stop();
  }

  close(): void {
    this.#deps.metrics.open.set(0);
    this.#byTenant.clear();
    this.#joined.clear();
    this.#stop();
  }

  #start(): Running {
    const running: Running = { ready: Promise.resolve(), stopped: false, live: null, timer: null };
    running.ready = (async () => {
      this.#deps.metrics.storeReads.inc({ read: 'start' });
      const watermark = await this.#deps.store.lastAttemptSeq();
      if (running.stopped) return;
      this.#watermark = this.#floor = watermark;
      this.#gap = null;
      this.#handedOn.clear();
      const live = this.#deps.pubsub.subscribe('deliveryEvents')[Symbol.asyncIterator]();
      running.live = live;
      void this.#listen(running, live);
      this.#scheduleSweep(running);
    })();
    return running;
  }

  #stop(): void {
    const running = this.#running;
    if (!running) return;
    this.#running = null;
    running.stopped = true;
    if (running.timer) clearTimeout(running.timer);
    void running.live?.return?.();
    this.#handedOn.clear();
  }

  async #listen(running: Running, live: AsyncIterator<DeliveryEvent>): Promise<void> {
    try {
      for (;;) {
        const next = await live.next();
        if (next.done || running.stopped) return;
        this.#handOn(next.value);
      }
    } catch (error) {
      this.#deps.log('the live delivery events stopped; subscriptions go on from the store sweep', error);
    }
  }

  #scheduleSweep(running: Running): void {
    running.timer = setTimeout(() => {
      running.timer = null;
      void this.#sweep(running).finally(() => running.stopped || this.#scheduleSweep(running));
    }, this.#timing.sweepMs);
    running.timer.unref();
  }

  async #sweep(running: Running): Promise<void> {
    const { store, metrics, log } = this.#deps;
    metrics.sweeps.inc();
    const seqs: number[] = [];
    try {
      for (;;) {
        metrics.storeReads.inc({ read: 'sweep' });
        const page = await store.listAttemptEventsOfAllTenants(seqs.at(-1) ?? this.#watermark, SWEEP_PAGE);
        if (running.stopped) return;
        metrics.sweptAttempts.inc(page.length);
        for (const record of page) {
          this.#handOn(toDeliveryEvent(record));
          seqs.push(record.seq);
        }
        if (page.length < SWEEP_PAGE) break;
      }
    } catch (error) {
      log('sweeping the store for delivery events failed; the next sweep tries again', error);
    }
    this.#advance(seqs, Date.now());
    this.#forget(Date.now());
  }

  /** Moves the watermark over the consecutive seqs just read, and past a gap waited for long enough. */
  #advance(seqs: readonly number[], now: number): void {
    if (this.#gap && now - this.#gap.since >= this.#timing.gapWaitMs) this.#watermark = Math.max(this.#watermark, this.#gap.horizon);
    for (const seq of seqs) {
      if (seq <= this.#watermark) continue;
      if (seq !== this.#watermark + 1) break;
      this.#watermark = seq;
    }
    const highest = seqs.at(-1) ?? this.#watermark;
    if (highest <= this.#watermark) this.#gap = null;
    else if (!this.#gap || this.#gap.horizon <= this.#watermark) this.#gap = { since: now, horizon: highest };
  }

  #forget(now: number): void {
    for (const [seq, at] of this.#handedOn) {
      if (seq > this.#watermark || now - at < this.#timing.forgetMs) continue;
      this.#handedOn.delete(seq);
      this.#floor = Math.max(this.#floor, seq);
    }
  }

  #handOn(event: DeliveryEvent): void {
    if (event.seq <= this.#floor || this.#handedOn.has(event.seq)) return;
    this.#handedOn.set(event.seq, Date.now());
    const subscribers = this.#byTenant.get(event.tenant);
    if (subscribers) for (const subscriber of subscribers) subscriber.deliver(event);
  }
}
