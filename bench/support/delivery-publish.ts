/**
 * Publish + deliver, against a BullMQ baseline measured in the same run. Events are published
 * over HTTP (PUBLISH_IN_FLIGHT requests at a time) and delivered to the receiver; the figure is
 * deliveries/s from the first publish to the last distinct (endpoint, webhook-id) arrival.
 * Hookgate publishes with `publishEvent`, or with `publishEvents` when `batch` > 1; the
 * baseline (support/bullmq-baseline-service.ts, on a Redis of its own with AOF fsync'd every
 * second) gets the same events in the same batches on its `/publish`. Each side first publishes
 * a tenth of the events, unmeasured, to warm up. CPU per event counts every process of a side
 * (the gateway; the BullMQ service plus Redis). The machine's CPU per event adds what the
 * publisher (this process) and the receiver used meanwhile; with the gateway's event loop alone,
 * it gives the most deliveries/s this machine's cores allow at that cost (support/cpu-ceiling.ts).
 */
import { Pool } from 'undici';
import { startBullmqBaseline } from './bullmq-baseline.ts';
import { BENCH_EVENT_TYPE, PUBLISH_MANY, PUBLISH_ONE, benchPayload } from './delivery-backlog.ts';
import type { DeliveryBench } from './delivery-harness.ts';
import { wallClock } from './delivery-pacer.ts';
import { micros, perSecond, times } from './delivery-report.ts';
import { cpuFromNow, reportCpuCeiling } from './cpu-ceiling.ts';

const PUBLISH_IN_FLIGHT = 32;
const DRAIN_TIMEOUT_MS = 120_000;


interface SideResult {
  rate: number;
  cpuPerEvent: number;
  /** The publisher's and the receiver's CPU per event, in seconds. */
  restCpuPerEvent: number;
  /** The gateway's event loop per event, in seconds; null for BullMQ (several processes). */
  loopCpuPerEvent: number | null;
  delivered: number;
  expected: number;
  unverified: string[];
}

/** Publishes events `from` to `to` in batches, PUBLISH_IN_FLIGHT batches at a time. */
async function publishAll(from: number, to: number, batch: number, publish: (first: number, count: number) => Promise<void>): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const first = next;
      const count = Math.min(batch, to - first);
      next += count;
      await publish(first, count);
    }
  };
  await Promise.all(Array.from({ length: PUBLISH_IN_FLIGHT }, lane));
}

/** Warm-up, then the measured run; `cpuMs` reads the side's CPU so far, `loopCpuMs` its event loop's where it has one. */
async function run(
  bench: DeliveryBench,
  events: number,
  endpointCount: number,
  batch: number,
  publish: (first: number, count: number) => Promise<void>,
  cpuMs: () => number,
  loopCpuMs: (() => number) | null = null,
): Promise<Omit<SideResult, 'unverified'>> {
  const { receiver } = bench;
  const warmup = Math.max(batch, Math.round(events / 10));
  await receiver.reset();
  await publishAll(0, warmup, batch, publish);
  await receiver.waitForDistinct(warmup * endpointCount, DRAIN_TIMEOUT_MS);
  await receiver.reset();
  const cpuBefore = cpuMs();
  const loopBefore = loopCpuMs?.() ?? null;
  const restCpuMs = cpuFromNow([receiver.pid ?? -1]);
  const startedAt = wallClock();
  await publishAll(warmup, warmup + events, batch, publish);
  const arrived = await receiver.waitForDistinct(events * endpointCount, DRAIN_TIMEOUT_MS);
  const seconds = arrived.lastAt === null ? Number.NaN : (arrived.lastAt - startedAt) / 1000;
  return {
    rate: arrived.distinct / seconds,
    cpuPerEvent: (cpuMs() - cpuBefore) / 1000 / events,
    restCpuPerEvent: restCpuMs() / 1000 / events,
    loopCpuPerEvent: loopCpuMs && loopBefore !== null ? (loopCpuMs() - loopBefore) / 1000 / events : null,
    delivered: arrived.distinct,
    expected: events * endpointCount,
  };
}

async function measureBullmq(bench: DeliveryBench, endpointCount: number, events: number, batch: number): Promise<SideResult> {
  const baseline = await startBullmqBaseline(bench, endpointCount);
  const client = new Pool(baseline.service.url, { connections: PUBLISH_IN_FLIGHT });
  try {
    const publish = async (first: number, count: number) => {
      const body = JSON.stringify({ events: Array.from({ length: count }, (_, i) => ({ type: BENCH_EVENT_TYPE, payload: benchPayload(first + i) })) });
      const response = await client.request({ method: 'POST', path: '/publish', headers: { 'content-type': 'application/json' }, body });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`BullMQ /publish answered ${response.statusCode}`);
    };
    const result = await run(bench, events, endpointCount, batch, publish, baseline.cpuMs);
    return { ...result, unverified: await bench.unverifiedSamples(baseline.endpoints) };
  } finally {
    await client.close();
    await baseline.stop();
  }
}

async function measureHookgate(bench: DeliveryBench, endpointCount: number, events: number, batch: number): Promise<SideResult> {
  const { dataDir, endpoints } = await bench.prepareEndpoints(endpointCount);
  const phase = `publish-${endpointCount}-${batch}`;
  const gateway = await bench.measuredGateway(dataDir, phase);
  try {
    const publish = async (first: number, count: number) => {
      if (batch === 1) {
        const data = await gateway.graphql<{ publishEvent: { __typename: string; message?: string } }>(PUBLISH_ONE, {
          input: { event: BENCH_EVENT_TYPE, payload: benchPayload(first) },
        });
        if (data.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(`publishEvent: ${data.publishEvent.message}`);
        return;
      }
      const inputs = Array.from({ length: count }, (_, i) => ({ event: BENCH_EVENT_TYPE, payload: benchPayload(first + i) }));
      const data = await gateway.graphql<{ publishEvents: { __typename: string; message?: string; results?: { __typename: string }[] } }>(
        PUBLISH_MANY,
        { inputs },
      );
      const refused = data.publishEvents.results?.find((r) => r.__typename !== 'PublishEventSuccess');
      if (data.publishEvents.__typename !== 'PublishEventsSuccess' || refused) {
        throw new Error(`publishEvents: ${data.publishEvents.message ?? refused?.__typename}`);
      }
    };
    const result = await run(
      bench,
      events,
      endpointCount,
      batch,
      publish,
      () => (gateway.cpuSeconds() ?? Number.NaN) * 1000,
      () => (gateway.mainThreadCpuSeconds() ?? Number.NaN) * 1000,
    );
    return { ...result, unverified: await bench.unverifiedSamples(endpoints) };
  } finally {
    await bench.stopMeasured(gateway, phase);
    bench.removeFolder(dataDir);
  }
}

/** One publish+deliver phase, both sides; `target` is the ratio Hookgate/BullMQ to reach. */
export async function measurePublishAndDeliver(
  bench: DeliveryBench,
  options: { endpointCount: number; events: number; batch: number; target: number },
): Promise<void> {
  const { endpointCount, events, batch, target } = options;
  const label = `${endpointCount === 1 ? '1 endpoint' : `${endpointCount} endpoints`}, ${batch === 1 ? 'single publishes' : `batches of ${batch}`}`;
  console.log(`\n## Publish + deliver, ${label}: ${events.toLocaleString('en-US')} events, ${PUBLISH_IN_FLIGHT} requests in flight`);
  await bench.receiver.setMode('ok');
  const bullmq = await measureBullmq(bench, endpointCount, events, batch);
  const hookgate = await measureHookgate(bench, endpointCount, events, batch);
  for (const [name, side] of [['BullMQ', bullmq], ['Hookgate', hookgate]] as const) {
    console.log(
      `  ${name}: ${side.delivered}/${side.expected} delivered, ${perSecond(side.rate)}, ${micros(side.cpuPerEvent)} CPU per event;` +
        ` signatures ${side.unverified.length === 0 ? 'verified' : `NOT verified: ${side.unverified.join('; ')}`}`,
    );
  }
  const ratio = hookgate.rate / bullmq.rate;
  const complete = [bullmq, hookgate].every((side) => side.delivered === side.expected && side.unverified.length === 0);
  bench.report.add({
    name: `publish+deliver deliveries/s, ${label}`,
    value: perSecond(hookgate.rate),
    baseline: `BullMQ ${perSecond(bullmq.rate)}`,
    ratio: times(ratio),
    target: `≥ ${target}× BullMQ`,
    pass: complete && ratio >= target,
  });
  bench.report.add({
    name: `CPU per event, ${label}`,
    value: micros(hookgate.cpuPerEvent),
    baseline: `BullMQ + Redis ${micros(bullmq.cpuPerEvent)}`,
    ratio: times(bullmq.cpuPerEvent / hookgate.cpuPerEvent),
    target: 'none',
    pass: null,
  });
  const machine = (side: SideResult) => side.cpuPerEvent + side.restCpuPerEvent;
  if (hookgate.loopCpuPerEvent !== null) {
    reportCpuCeiling(bench.report, {
      label,
      unit: 'event',
      rest: 'publisher and receiver',
      deliveriesPerUnit: endpointCount,
      gateway: { allProcesses: machine(hookgate), busiestThread: hookgate.loopCpuPerEvent },
      bullmq: { allProcesses: machine(bullmq), rate: bullmq.rate },
    });
  }
}
