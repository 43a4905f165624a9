import { describe, expect, it } from 'vitest';
import { EndpointLanes } from '../src/delivery/endpoint-lanes.ts';
import type { ClaimedDelivery } from '../src/store/store.ts';

let next = 0;
/** Only the ids matter to the lanes. */
const work = (endpointId: string) => ({ delivery: { id: `dlv_${next++}` }, endpoint: { id: endpointId } }) as unknown as ClaimedDelivery;

describe('EndpointLanes', () => {
  it('starts up to the endpoint limit, keeps the rest waiting in its lane, and starts them as sends finish', () => {
    const lanes = new EndpointLanes({ concurrency: 100, endpointConcurrency: 2 });
    const admitted = [work('a'), work('a'), work('a')].map((w) => lanes.admit(w));
    expect(admitted.map((started) => started.length)).toEqual([1, 1, 0]);
    expect(lanes.room('a')).toBe(0);
    expect(lanes.finish('a', true).start).toHaveLength(1);
    expect(lanes.finish('a', true).start).toHaveLength(0);
  });

  it('gives each busy endpoint at most a fair share of the global slots, leaving room for one more', () => {
    const lanes = new EndpointLanes({ concurrency: 12, endpointConcurrency: 10 });
    for (const id of ['a', 'b', 'c']) for (let i = 0; i < 10; i++) lanes.admit(work(id));
    // Three busy: each may have 12 / 4 = 3 in flight (the first took more while it was alone).
    expect(lanes.limit('d')).toBe(3);
    expect(lanes.room('d')).toBe(3);
  });

  it('backs an endpoint off after three unanswered attempts, gives back what waited, and restores it on an answer', () => {
    const lanes = new EndpointLanes({ concurrency: 100, endpointConcurrency: 4 });
    for (let i = 0; i < 8; i++) lanes.admit(work('h'));
    expect(lanes.finish('h', false)).toMatchObject({ release: [], start: [expect.anything()] });
    lanes.finish('h', false);
    const third = lanes.finish('h', false);
    expect(third.release).toHaveLength(2); // 8 admitted, 3 finished, 3 started from the lane, 2 still waiting
    expect(third.start).toEqual([]);
    expect(lanes.limit('h')).toBe(1);
    expect(lanes.claimRoom().of.get('h')).toBe(0); // three still in flight
    expect(lanes.finish('h', false).claimNow).toBe(false);
    expect(lanes.finish('h', false).claimNow).toBe(false);
    expect(lanes.finish('h', false).claimNow).toBe(true); // none in flight; what was given back waits in the store
    expect(lanes.admit(work('h'))).toHaveLength(1); // the probe
    lanes.finish('h', true);
    expect(lanes.limit('h')).toBe(4);
  });
});
