/**
 * Each endpoint's share of the delivery worker. An endpoint has at most its limit of sends in
 * flight (or promised to a publish) at once. A claim may take a few times that limit of its due
 * deliveries, so that a backlog is claimed in worthwhile batches; the extra ones wait in the
 * endpoint's lane, holding no global slot, and start as its sends finish. Whatever is beyond
 * that stays in the store, and is claimed when the endpoint has room again.
 *
 * The limit is the per-endpoint concurrency, but never more than a fair share of the global
 * slots: with n endpoints busy, each may take 1/(n+1) of them, so that however many endpoints
 * hang at once (up to the number of slots), the slots they hold leave room for one more.
 *
 * An endpoint whose attempts keep getting no answer (timeouts, refused connections) is backed
 * off, as a circuit breaker would: one send at a time and nothing waiting in its lane, until one
 * is answered; its failed attempts follow the retry schedule. Nothing waits in the lane of an
 * endpoint whose last attempt went unanswered.
 */
import type { ClaimedDelivery, EndpointRoom } from '../store/store.ts';

/** Attempts in a row without an answer that back an endpoint off. */
export const UNANSWERED_BEFORE_BACKOFF = 3;
/** Sends in flight at once to a backed-off endpoint. */
export const BACKED_OFF_CONCURRENCY = 1;
/** A healthy endpoint's lane holds up to this many times its limit, in flight and waiting. */
const LANE_DEPTH = 4;

interface Lane {
  /** Sends in flight. */
  active: number;
  /** Sends promised to publishes that have not committed yet. */
  reserved: number;
  /** Claimed, leased, and waiting for a send of this endpoint to finish. */
  waiting: ClaimedDelivery[];
  /** Attempts in a row that got no HTTP answer. */
  unanswered: number;
  /** Due work of this endpoint may wait in the store: it was left there for want of room. */
  backlogged: boolean;
}

export interface EndpointLanesOptions {
  /** Sends in flight at once over all endpoints. */
  concurrency: number;
  /** Sends in flight at once to one healthy endpoint. */
  endpointConcurrency: number;
}

/** What the worker does after a send ended (see EndpointLanes.finish). */
export interface AfterSend {
  /** Start these now: they waited in the endpoint's lane. */
  start: ClaimedDelivery[];
  /** The endpoint was just backed off: give these back to the store (they were waiting). */
  release: ClaimedDelivery[];
  /** The endpoint's work waits in the store and its lane has room enough for a worthwhile claim. */
  claimNow: boolean;
}

export class EndpointLanes {
  readonly #options: EndpointLanesOptions;
  /** Only endpoints with something to remember: the others have their whole share. */
  readonly #lanes = new Map<string, Lane>();
  /** Lanes with sends in flight or promised. */
  #busy = 0;

  constructor(options: EndpointLanesOptions) {
    this.#options = options;
  }

  /** What any endpoint that is not backed off may have in flight now. */
  #share(): number {
    const fair = Math.floor(this.#options.concurrency / (this.#busy + 1));
    return Math.max(1, Math.min(this.#options.endpointConcurrency, fair));
  }

  #backedOff(lane: Lane | undefined): boolean {
    return lane !== undefined && lane.unanswered >= UNANSWERED_BEFORE_BACKOFF;
  }

  /** How many sends the endpoint may have in flight now. */
  limit(endpointId: string): number {
    return this.#backedOff(this.#lanes.get(endpointId)) ? BACKED_OFF_CONCURRENCY : this.#share();
  }

  /** How many more sends the endpoint may start now (none while some wait in its lane). */
  room(endpointId: string): number {
    const lane = this.#lanes.get(endpointId);
    if (lane === undefined) return this.#share();
    if (lane.waiting.length > 0) return 0;
    return Math.max(0, this.limit(endpointId) - lane.active - lane.reserved);
  }

  /**
   * How many of the endpoint's deliveries its lane may hold: in flight, and waiting too unless its
   * last attempt went unanswered (no point in taking work ahead for an endpoint that may hang).
   */
  #depth(endpointId: string, lane: Lane | undefined): number {
    return lane !== undefined && lane.unanswered > 0 ? this.limit(endpointId) : this.limit(endpointId) * LANE_DEPTH;
  }

  /** How many more of the endpoint's deliveries a claim may take now: to start, or to wait in its lane. */
  #claimRoom(endpointId: string): number {
    const lane = this.#lanes.get(endpointId);
    if (lane === undefined) return this.#depth(endpointId, lane);
    return Math.max(0, this.#depth(endpointId, lane) - lane.active - lane.reserved - lane.waiting.length);
  }

  /** The room of every endpoint, for a claim. */
  claimRoom(): EndpointRoom {
    const others = this.#share() * LANE_DEPTH;
    const of = new Map<string, number>();
    for (const id of this.#lanes.keys()) {
      const room = this.#claimRoom(id);
      if (room !== others) of.set(id, room);
    }
    return { of, others };
  }

  /** Endpoints a claim would take nothing of: due work of theirs is no reason to wake up. */
  withoutRoom(): string[] {
    return [...this.#lanes.keys()].filter((id) => this.#claimRoom(id) === 0);
  }

  get anyBacklogged(): boolean {
    for (const lane of this.#lanes.values()) if (lane.backlogged) return true;
    return false;
  }

  /** A new delivery of the endpoint was left in the store for want of room. */
  leftInStore(endpointId: string): void {
    this.#lane(endpointId).backlogged = true;
  }

  reserve(endpointId: string): void {
    this.#change(endpointId, (lane) => (lane.reserved += 1));
  }

  /** A promised send was not made after all (or is about to be admitted); returns what may start in its place. */
  unreserve(endpointId: string): ClaimedDelivery[] {
    let start: ClaimedDelivery[] = [];
    this.#change(endpointId, (lane) => {
      lane.reserved -= 1;
      start = this.#startWaiting(endpointId, lane);
    });
    return start;
  }

  /**
   * After a claim that asked with `asked`: an endpoint that got all its room may have more due;
   * when the claim took less than its limit (`short`), one that had room and got nothing has not.
   */
  claimed(asked: EndpointRoom, endpointIds: readonly string[], short: boolean): void {
    const counts = new Map<string, number>();
    for (const id of endpointIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, count] of counts) {
      if (count >= (asked.of.get(id) ?? asked.others)) this.#lane(id).backlogged = true;
    }
    if (!short) return;
    for (const [id, lane] of this.#lanes) {
      if (lane.backlogged && !counts.has(id) && (asked.of.get(id) ?? asked.others) > 0) {
        lane.backlogged = false; // it had room and nothing of it was due
        this.#forgetIfIdle(id, lane);
      }
    }
  }

  /** Takes a delivery to send; returns what to start now, oldest first (the rest waits in its endpoint's lane). */
  admit(work: ClaimedDelivery): ClaimedDelivery[] {
    let start: ClaimedDelivery[] = [];
    this.#change(work.endpoint.id, (lane) => {
      lane.waiting.push(work);
      start = this.#startWaiting(work.endpoint.id, lane);
    });
    return start;
  }

  /** A send ended; `answered` is whether an HTTP answer came (null: not known). */
  finish(endpointId: string, answered: boolean | null): AfterSend {
    const after: AfterSend = { start: [], release: [], claimNow: false };
    const lane = this.#change(endpointId, (changed) => {
      changed.active -= 1;
      const wasBackedOff = this.#backedOff(changed);
      if (answered === true) changed.unanswered = 0;
      else if (answered === false) changed.unanswered += 1;
      if (!wasBackedOff && this.#backedOff(changed) && changed.waiting.length > 0) {
        after.release = changed.waiting.splice(0);
        changed.backlogged = true;
      }
      after.start = this.#startWaiting(endpointId, changed);
    });
    after.claimNow = lane.backlogged && this.#claimRoom(endpointId) >= Math.max(1, Math.floor(this.#depth(endpointId, lane) / 2));
    return after;
  }

  /** Moves waiting deliveries to in flight while the endpoint's limit allows. */
  #startWaiting(endpointId: string, lane: Lane): ClaimedDelivery[] {
    const start: ClaimedDelivery[] = [];
    while (lane.waiting.length > 0 && lane.active + lane.reserved < this.limit(endpointId)) {
      start.push(lane.waiting.shift()!);
      lane.active += 1;
    }
    return start;
  }

  /** Everything waiting in lanes, taken out (the worker is stopping). */
  drain(): ClaimedDelivery[] {
    const drained: ClaimedDelivery[] = [];
    for (const [id, lane] of this.#lanes) {
      drained.push(...lane.waiting.splice(0));
      this.#forgetIfIdle(id, lane);
    }
    return drained;
  }

  /** Applies `change` to the endpoint's lane, keeping the count of busy lanes and forgetting idle ones. */
  #change(endpointId: string, change: (lane: Lane) => void): Lane {
    const lane = this.#lane(endpointId);
    const wasBusy = lane.active + lane.reserved > 0;
    change(lane);
    const isBusy = lane.active + lane.reserved > 0;
    if (wasBusy !== isBusy) this.#busy += isBusy ? 1 : -1;
    this.#forgetIfIdle(endpointId, lane);
    return lane;
  }

  #lane(endpointId: string): Lane {
    let lane = this.#lanes.get(endpointId);
    if (lane === undefined) {
      lane = { active: 0, reserved: 0, waiting: [], unanswered: 0, backlogged: false };
      this.#lanes.set(endpointId, lane);
    }
    return lane;
  }

  #forgetIfIdle(endpointId: string, lane: Lane): void {
    if (lane.active === 0 && lane.reserved === 0 && lane.waiting.length === 0 && lane.unanswered === 0 && !lane.backlogged) {
      this.#lanes.delete(endpointId);
    }
  }
}
