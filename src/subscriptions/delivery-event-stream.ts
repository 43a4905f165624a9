/**
 * The stream behind the `deliveryEvents` subscription: live events of the subscriber's tenant
 * (and filters) from pub/sub, completed from the store. Pub/sub has no replay (Redis neither),
 * so a subscriber that reconnects with its last cursor first reads what it missed from the
 * store, then continues live without gaps or repeats.
 */
import type { DeliveryPubSub } from '../context.ts';
import type { DeliveryEvent } from '../delivery/delivery-event.ts';
import type { AttemptEventRecord, Store } from '../store/store.ts';

const REPLAY_PAGE = 500;

export interface DeliveryEventFilter {
  tenant: string;
  endpointId: string | null;
  eventTypes: ReadonlySet<string> | null;
}

function matches(filter: DeliveryEventFilter, event: DeliveryEvent): boolean {
  return (
    event.tenant === filter.tenant &&
    (filter.endpointId === null || event.endpointId === filter.endpointId) &&
    (filter.eventTypes === null || filter.eventTypes.has(event.eventType))
  );
}

function toDeliveryEvent(record: AttemptEventRecord): DeliveryEvent {
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

async function* replay(store: Store, filter: DeliveryEventFilter, afterSeq: number): AsyncGenerator<DeliveryEvent> {
  let last = afterSeq;
  for (;;) {
    const page = await store.listAttemptEvents({
      tenant: filter.tenant,
      afterSeq: last,
      endpointId: filter.endpointId ?? undefined,
      eventTypes: filter.eventTypes ? [...filter.eventTypes] : undefined,
      limit: REPLAY_PAGE,
    });
    for (const record of page) {
      last = record.seq;
      yield toDeliveryEvent(record);
    }
    if (page.length < REPLAY_PAGE) return;
  }
}

export interface StreamTiming {
  /** How often the store is read for attempts the live stream did not bring. */
  sweepMs: number;
  /** How old an attempt must be before its absence from the live stream is taken as a loss. */
  settleMs: number;
}

const DEFAULT_TIMING: StreamTiming = { sweepMs: 1_000, settleMs: 2_000 };

const sleep = (ms: number) => new Promise<'sweep'>((resolve) => setTimeout(() => resolve('sweep'), ms).unref());

/**
 * Live events come through pub/sub, which is fast but not reliable: an instance killed
 * between recording an attempt and publishing it, or a Redis hiccup, loses that message. So
 * the stream also sweeps the store every `sweepMs` for matching attempts it has not yielded
 * (each exactly once), and a subscriber sees every attempt whichever instance made it.
 */
export async function* deliveryEventStream(
  deps: { store: Store; pubsub: DeliveryPubSub },
  filter: DeliveryEventFilter,
  afterSeq: number | null,
  timing: StreamTiming = DEFAULT_TIMING,
): AsyncGenerator<DeliveryEvent> {
  // Every matching attempt with seq <= watermark has been yielded (or predates the subscription).
  let watermark = afterSeq ?? (await deps.store.lastAttemptSeq());
  const yielded = new Set<number>();
  if (afterSeq !== null) {
    // Catch up before subscribing, so a long backlog never piles up in the live buffer.
    for await (const event of replay(deps.store, filter, afterSeq)) {
      watermark = event.seq;
      yield event;
    }
  }
  const live = deps.pubsub.subscribe('deliveryEvents')[Symbol.asyncIterator]();
  let nextLive = live.next();
  let nextSweep = afterSeq !== null ? Promise.resolve<'sweep'>('sweep') : sleep(timing.sweepMs);
  try {
    for (;;) {
      const winner = await Promise.race([nextLive, nextSweep]);
      if (winner !== 'sweep') {
        if (winner.done) return;
        nextLive = live.next();
        const event = winner.value;
        if (matches(filter, event) && event.seq > watermark && !yielded.has(event.seq)) {
          yielded.add(event.seq);
          yield event;
        }
        continue;
      }
      nextSweep = sleep(timing.sweepMs);
      const settledBefore = Date.now() - timing.settleMs;
      let settled = true;
      for await (const event of replay(deps.store, filter, watermark)) {
        if (!yielded.has(event.seq)) {
          yielded.add(event.seq);
          yield event;
        }
        // The watermark moves over attempts old enough that the live stream had its chance.
        settled &&= Date.parse(event.occurredAt) < settledBefore;
        if (settled) watermark = event.seq;
      }
      for (const seq of yielded) if (seq <= watermark) yielded.delete(seq);
    }
  } finally {
    await live.return?.();
  }
}
