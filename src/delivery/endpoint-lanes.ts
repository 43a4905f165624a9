/**
 * Each endpoint's share of the delivery worker. An endpoint has at most its limit of sends in
 * flight (or promised to a publish) at once; what it cannot take now stays in the store, where
 * it holds neither a global slot nor memory, and is claimed when the endpoint has room again.
 *
 * The limit is the per-endpoint concurrency, but never more than a fair share of the global
 * slots: with n endpoints busy, each may take 1/(n+1) of them, so that however many endpoints
 * hang at once (up to the number of slots), the slots they hold leave room for one more.
 *
 * An endpoint whose attempts keep getting no answer (timeouts, refused connections) is backed
 * off, as a circuit breaker would: one send at a time until one is answered, so a hanging
 * receiver holds one slot rather than its whole share while its retries follow the schedule.
 */
import type { EndpointRoom } from '../store/store.ts';

/** Attempts in a row without an answer that back an endpoint off. */
export const UNANSWERED_BEFORE_BACKOFF = 3;
/** Sends in flight at once to a backed-off endpoint. */
export const BACKED_OFF_CONCURRENCY = 1;

interface Lane {
  /** Sends in flight. */
  active: number;
  /** Sends promised to publishes that have not committed yet. */
  reserved: number;
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

  /** How many sends the endpoint may have in flight now. */
  limit(endpointId: string): number {
    const lane = this.#lanes.get(endpointId);
    return lane !== undefined && lane.unanswered >= UNANSWERED_BEFORE_BACKOFF ? BACKED_OFF_CONCURRENCY : this.#share();
  }

  /** How many more sends the endpoint may take now. */
  room(endpointId: string): number {
    const lane = this.#lanes.get(endpointId);
    return lane === undefined ? this.#share() : Math.max(0, this.limit(endpointId) - lane.active - lane.reserved);
  }

  /** The room of every endpoint, for a claim. */
  claimRoom(): EndpointRoom {
    const others = this.#share();
    const of = new Map<string, number>();
    for (const id of this.#lanes.keys()) {
      const room = this.room(id);
      if (room !== others) of.set(id, room);
    }
    return { of, others };
  }

  /** Endpoints without room: due work of theirs is no reason to wake up. */
  withoutRoom(): string[] {
    return [...this.#lanes.keys()].filter((id) => this.room(id) === 0);
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

  unreserve(endpointId: string): void {
    this.#change(endpointId, (lane) => (lane.reserved -= 1));
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

  start(endpointId: string): void {
    this.#change(endpointId, (lane) => (lane.active += 1));
  }

  /**
   * A send ended; `answered` is whether an HTTP answer came (null: not known). Returns true when
   * the endpoint's work waits in the store and it has room enough for a worthwhile claim.
   */
  finish(endpointId: string, answered: boolean | null): boolean {
    const lane = this.#change(endpointId, (changed) => {
      changed.active -= 1;
      if (answered === true) changed.unanswered = 0;
      else if (answered === false) changed.unanswered += 1;
    });
    return lane.backlogged && this.room(endpointId) >= Math.max(1, Math.floor(this.limit(endpointId) / 2));
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
      lane = { active: 0, reserved: 0, unanswered: 0, backlogged: false };
      this.#lanes.set(endpointId, lane);
    }
    return lane;
  }

  #forgetIfIdle(endpointId: string, lane: Lane): void {
    if (lane.active === 0 && lane.reserved === 0 && lane.unanswered === 0 && !lane.backlogged) this.#lanes.delete(endpointId);
  }
}
