/**
 * The stream behind one `deliveryEvents` subscription: the subscriber's tenant's events (and
 * filters) from the process's DeliveryEventHub. Pub/sub has no replay (Redis neither), so a
 * subscriber that reconnects with its last cursor first reads what it missed from the store,
 * then continues live without gaps or repeats. Closing the stream (the client went away)
 * leaves the hub at once: nothing of it keeps running.
 */
import type { DeliveryEvent } from '../delivery/delivery-event.ts';
import type { Store } from '../store/store.ts';
import { type DeliveryEventHub, type HubSubscriber, toDeliveryEvent } from './delivery-event-hub.ts';
import { PushQueue } from './push-queue.ts';
import type { SubscriptionMetrics } from './subscription-metrics.ts';

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

export interface StreamDeps {
  hub: DeliveryEventHub;
  store: Store;
  metrics: SubscriptionMetrics;
}

export function deliveryEventStream(deps: StreamDeps, filter: DeliveryEventFilter, afterSeq: number | null): AsyncIterableIterator<DeliveryEvent> {
  const subscriber: HubSubscriber = { tenant: filter.tenant, deliver: (event) => matches(filter, event) && queue.push(event) };
  const queue = new PushQueue<DeliveryEvent>(() => deps.hub.unsubscribe(subscriber));
  const started = afterSeq === null ? deps.hub.subscribe(subscriber) : resume(deps, filter, afterSeq, subscriber, queue);
  started.catch((error: unknown) => queue.fail(error));
  return queue;
}

/**
 * Joins the hub first, holding back its events, then reads the missed attempts from the store
 * (a page at a time, as the client takes them), then lets through the held-back events that
 * the replay did not already yield.
 */
async function resume(deps: StreamDeps, filter: DeliveryEventFilter, afterSeq: number, subscriber: HubSubscriber, queue: PushQueue<DeliveryEvent>) {
  const heldBack: DeliveryEvent[] = [];
  // Replayed attempts the hub may still hand on: those above its floor.
  const replayed = new Set<number>();
  const forward = (event: DeliveryEvent) => {
    if (event.seq <= afterSeq || !matches(filter, event)) return;
    if (replayed.size > 0) {
      for (const seq of replayed) if (seq <= deps.hub.floor) replayed.delete(seq);
      if (replayed.has(event.seq)) return;
    }
    queue.push(event);
  };
  subscriber.deliver = (event) => heldBack.push(event);
  const joinedAt = await deps.hub.subscribe(subscriber);
  let last = afterSeq;
  while (!queue.closed) {
    deps.metrics.storeReads.inc({ read: 'replay' });
    const page = await deps.store.listAttemptEvents({
      tenant: filter.tenant,
      afterSeq: last,
      endpointId: filter.endpointId ?? undefined,
      eventTypes: filter.eventTypes ? [...filter.eventTypes] : undefined,
      limit: REPLAY_PAGE,
    });
    for (const record of page) {
      last = record.seq;
      if (record.seq > joinedAt) replayed.add(record.seq);
      queue.push(toDeliveryEvent(record));
    }
    if (page.length < REPLAY_PAGE) break;
    await queue.drained();
  }
  subscriber.deliver = forward;
  for (const event of heldBack.splice(0)) forward(event);
}
