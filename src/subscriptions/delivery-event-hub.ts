/**
 * One source of delivery events per process for every `deliveryEvents` subscription: a single
 * pub/sub listener and a single sweep of the store, shared by all subscribers and running only
 * while at least one is open. Each attempt is handed once to the subscribers of its tenant.
 *
 * Live events come through pub/sub, which is fast but not reliable: an instance killed between
 * recording an attempt and publishing it, or a Redis hiccup, loses that message. So every
 * `sweepMs` the hub also reads the attempts recorded since its watermark and hands on those
 * pub/sub did not bring. The watermark moves over attempts older than `settleMs` (PostgreSQL
 * numbers attempts at insert, so a lower seq can become visible after a higher one), so a sweep
 * reads the attempts of the last few seconds, never the history.
 */
import type { DeliveryPubSub } from '../context.ts';
import type { DeliveryEvent } from '../delivery/delivery-event.ts';
import type { AttemptEventRecord, Store } from '../store/store.ts';
import type { SubscriptionMetrics } from './subscription-metrics.ts';

const SWEEP_PAGE = 500;

export interface HubTiming {
  /** How often the store is read for attempts the live stream did not bring. */
  sweepMs: number;
  /** How old an attempt must be before its absence from the live stream is taken as a loss. */
  settleMs: number;
}

export const DEFAULT_HUB_TIMING: HubTiming = { sweepMs: 1_000, settleMs: 2_000 };

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
  readonly #live = new Set<HubSubscriber>();
  #running: Running | null = null;
  /** Every attempt with seq <= watermark has been handed on (or was recorded before the hub started). */
  #watermark = 0;
  /** Attempts above the watermark already handed on. */
  readonly #handedOn = new Set<number>();

  constructor(deps: HubDeps, timing: HubTiming = DEFAULT_HUB_TIMING) {
    this.#deps = deps;
    this.#timing = timing;
  }

  /** Every attempt with a seq up to this one has been handed on; later ones will be. */
  get watermark(): number {
    return this.#watermark;
  }

  /**
   * Hands `subscriber` every attempt of its tenant recorded after the watermark this resolves
   * to, until `unsubscribe`.
   */
  async subscribe(subscriber: HubSubscriber): Promise<number> {
    let subscribers = this.#byTenant.get(subscriber.tenant);
    if (!subscribers) this.#byTenant.set(subscriber.tenant, (subscribers = new Set()));
    subscribers.add(subscriber);
    const running = (this.#running ??= this.#start());
    await running.ready;
    // Counted once live: anything recorded after the gauge shows it reaches it.
    if (subscribers.has(subscriber) && !this.#live.has(subscriber)) {
      this.#live.add(subscriber);
      this.#deps.metrics.open.inc();
    }
    return this.#watermark;
  }

  unsubscribe(subscriber: HubSubscriber): void {
    const subscribers = this.#byTenant.get(subscriber.tenant);
    if (!subscribers?.delete(subscriber)) return;
    if (this.#live.delete(subscriber)) this.#deps.metrics.open.dec();
    if (subscribers.size === 0) this.#byTenant.delete(subscriber.tenant);
    if (this.#byTenant.size === 0) this.#stop();
  }

  close(): void {
    this.#deps.metrics.open.set(0);
    this.#byTenant.clear();
    this.#live.clear();
    this.#stop();
  }

  #start(): Running {
    const running: Running = { ready: Promise.resolve(), stopped: false, live: null, timer: null };
    running.ready = (async () => {
      this.#deps.metrics.storeReads.inc({ read: 'start' });
      const watermark = await this.#deps.store.lastAttemptSeq();
      if (running.stopped) return;
      this.#watermark = watermark;
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
    for (;;) {
      const next = await live.next();
      if (next.done || running.stopped) return;
      this.#handOn(next.value);
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
    const settledBefore = Date.now() - this.#timing.settleMs;
    let from = this.#watermark;
    let settled = true;
    try {
      for (;;) {
        metrics.storeReads.inc({ read: 'sweep' });
        const page = await store.listAttemptEventsOfAllTenants(from, SWEEP_PAGE);
        if (running.stopped) return;
        metrics.sweptAttempts.inc(page.length);
        for (const record of page) {
          this.#handOn(toDeliveryEvent(record));
          settled &&= record.recordedAt.getTime() < settledBefore;
          if (settled) this.#watermark = record.seq;
          from = record.seq;
        }
        if (page.length < SWEEP_PAGE) break;
      }
    } catch (error) {
      log('sweeping the store for delivery events failed; the next sweep tries again', error);
    }
    for (const seq of this.#handedOn) if (seq <= this.#watermark) this.#handedOn.delete(seq);
  }

  #handOn(event: DeliveryEvent): void {
    if (event.seq <= this.#watermark || this.#handedOn.has(event.seq)) return;
    this.#handedOn.add(event.seq);
    const subscribers = this.#byTenant.get(event.tenant);
    if (subscribers) for (const subscriber of subscribers) subscriber.deliver(event);
  }
}
