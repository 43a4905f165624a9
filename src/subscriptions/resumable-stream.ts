/**
 * A subscription stream that misses nothing: live items from pub/sub (fast, not reliable),
 * completed by sweeping the store (reliable, slower), each item yielded exactly once, and
 * resumable after a cursor (`seq`) by first replaying what the store kept since.
 * The same algorithm as the deliveryEvents stream, written once for any store-backed feed.
 */

const REPLAY_PAGE = 500;

/** Where a feed's items come from. */
export interface ResumableFeed<Item extends { seq: number }, Message extends { seq: number }> {
  /** The highest seq stored so far: where a new subscriber starts. */
  lastSeq(): Promise<number>;
  /** Matching items stored after `afterSeq`, oldest first, at most `limit`. */
  since(afterSeq: number, limit: number): Promise<Item[]>;
  /** Pub/sub's announcements of new items (of every subscriber). */
  live(): AsyncIterable<Message>;
  matches(message: Message): boolean;
  /** The item a matching announcement is about; null when it is gone. */
  load(message: Message): Promise<Item | null>;
  /** When the item was stored (ms): after `settleMs`, its absence from the live stream is taken as a loss. */
  storedAt(item: Item): number;
}

export interface ResumableTiming {
  sweepMs: number;
  settleMs: number;
}

const DEFAULT_TIMING: ResumableTiming = { sweepMs: 1_000, settleMs: 2_000 };

const sleep = (ms: number) => new Promise<'sweep'>((resolve) => setTimeout(() => resolve('sweep'), ms).unref());

async function* replay<Item extends { seq: number }>(
  since: (afterSeq: number, limit: number) => Promise<Item[]>,
  afterSeq: number,
): AsyncGenerator<Item> {
  let last = afterSeq;
  for (;;) {
    const page = await since(last, REPLAY_PAGE);
    for (const item of page) {
      last = item.seq;
      yield item;
    }
    if (page.length < REPLAY_PAGE) return;
  }
}

export async function* resumableStream<Item extends { seq: number }, Message extends { seq: number }>(
  feed: ResumableFeed<Item, Message>,
  afterSeq: number | null,
  timing: ResumableTiming = DEFAULT_TIMING,
): AsyncGenerator<Item> {
  // Every matching item with seq <= watermark has been yielded (or predates the subscription).
  let watermark = afterSeq ?? (await feed.lastSeq());
  const yielded = new Set<number>();
  if (afterSeq !== null) {
    // Catch up before subscribing, so a long backlog never piles up in the live buffer.
    for await (const item of replay((after, limit) => feed.since(after, limit), afterSeq)) {
      watermark = item.seq;
      yield item;
    }
  }
  const live = feed.live()[Symbol.asyncIterator]();
  let nextLive = live.next();
  let nextSweep = afterSeq !== null ? Promise.resolve<'sweep'>('sweep') : sleep(timing.sweepMs);
  try {
    for (;;) {
      const winner = await Promise.race([nextLive, nextSweep]);
      if (winner !== 'sweep') {
        if (winner.done) return;
        nextLive = live.next();
        const message = winner.value;
        if (feed.matches(message) && message.seq > watermark && !yielded.has(message.seq)) {
          const item = await feed.load(message);
          if (item !== null && !yielded.has(item.seq)) {
            yielded.add(item.seq);
            yield item;
          }
        }
        // Items yielded without a gap after the watermark leave nothing to look for there: the
        // next sweep starts after them instead of reading every item of the last `settleMs` again.
        while (yielded.delete(watermark + 1)) watermark += 1;
        continue;
      }
      nextSweep = sleep(timing.sweepMs);
      const settledBefore = Date.now() - timing.settleMs;
      let settled = true;
      for await (const item of replay((after, limit) => feed.since(after, limit), watermark)) {
        if (!yielded.has(item.seq)) {
          yielded.add(item.seq);
          yield item;
        }
        // The watermark moves over items old enough that the live stream had its chance.
        settled &&= feed.storedAt(item) < settledBefore;
        if (settled) watermark = item.seq;
      }
      for (const seq of yielded) if (seq <= watermark) yielded.delete(seq);
    }
  } finally {
    await live.return?.();
  }
}
