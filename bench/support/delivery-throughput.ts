/**
 * Sustained deliveries/s. A backlog of due deliveries is written with the gateway's own store
 * while the gateway is stopped; the gateway then starts and drains it at full speed. The rate is
 * that of distinct (endpoint, webhook-id) arrivals at the receiver between the 10th and the 90th
 * percentile arrival, so start-up and tail are left out. Two baselines: a bare undici POST loop
 * from the benchmark process to the same receiver, with the worker's concurrency; and the same
 * backlog drained by BullMQ (support/bullmq-drain.ts), which a team would use instead. The
 * machine's CPU per delivery adds the receiver's; with the gateway's event loop alone, it gives
 * the most deliveries/s this machine's cores allow at that cost (support/cpu-ceiling.ts). The
 * CPU figures span the whole drain, the start-up's compilation included, so that ceiling errs low
 * by that much.
 */
import { measureBullmqDrain } from './bullmq-drain.ts';
import { runBareLoop } from './delivery-bare-loop.ts';
import type { DeliveryBench } from './delivery-harness.ts';
import { wallClock } from './delivery-pacer.ts';
import { micros, percent, perSecond, times } from './delivery-report.ts';
import { cpuFromNow, reportCpuCeiling } from './cpu-ceiling.ts';

const TARGET_RATE = 5_000;
const TARGET_SHARE_OF_BARE = 0.5;
const TARGET_TIMES_BULLMQ = 2;
const DRAIN_TIMEOUT_MS = 120_000;

export async function measureThroughput(bench: DeliveryBench, endpointCount: number, events: number): Promise<void> {
  const { receiver, report, delivery } = bench;
  const deliveries = events * endpointCount;
  const label = endpointCount === 1 ? '1 endpoint' : `${endpointCount} endpoints (fan-out)`;
  console.log(`\n## Throughput, ${label}: ${deliveries.toLocaleString('en-US')} deliveries`);

  // The worker's own limits: this many in flight at once, at most endpointConcurrency per endpoint.
  const concurrency = Math.min(delivery.concurrency, endpointCount * delivery.endpointConcurrency);
  const paths = Array.from({ length: endpointCount }, (_, i) => `/e${i}`);
  await receiver.setMode('ok');
  await receiver.reset();
  const cpuBefore = process.cpuUsage();
  const bareFailures = await runBareLoop({ urls: paths.map((p) => receiver.url(p)), total: deliveries, concurrency });
  const cpu = process.cpuUsage(cpuBefore);
  const bareCpuPerRequest = (cpu.user + cpu.system) / 1e6 / deliveries;
  const bare = await receiver.stats();
  console.log(
    `  bare undici loop: ${perSecond(bare.steadyRate)} at concurrency ${concurrency}, ${bareFailures} failed;` +
      ` ${micros(bareCpuPerRequest)} CPU per request`,
  );

  const bullmq = await measureBullmqDrain(bench, endpointCount, events);
  console.log(
    `  BullMQ: ${bullmq.delivered}/${bullmq.expected} delivered, ${perSecond(bullmq.steadyRate)}, ${micros(bullmq.cpuPerDelivery)} CPU per delivery` +
      ` (service + Redis); signatures ${bullmq.unverified.length === 0 ? 'verified' : `NOT verified: ${bullmq.unverified.join('; ')}`}`,
  );

  const { dataDir, endpoints } = await bench.prepareEndpoints(endpointCount);
  const queued = await bench.preload(dataDir, events);
  await receiver.reset();
  const phase = `throughput-${endpointCount}`;
  const gateway = await bench.measuredGateway(dataDir, phase);
  const startedAt = wallClock();
  const cpuAtStart = gateway.cpuSeconds() ?? Number.NaN;
  const loopAtStart = gateway.mainThreadCpuSeconds() ?? Number.NaN;
  const restCpuMs = cpuFromNow([receiver.pid ?? -1]);
  const arrived = await receiver.waitForDistinct(queued, DRAIN_TIMEOUT_MS);
  const drained = await gateway.waitForQueueDepth(0, 30_000);
  const cpuUsed = (gateway.cpuSeconds() ?? Number.NaN) - cpuAtStart;
  const loopUsed = (gateway.mainThreadCpuSeconds() ?? Number.NaN) - loopAtStart;
  const restCpuPerDelivery = restCpuMs() / 1000 / arrived.distinct;
  const unverified = await bench.unverifiedSamples(endpoints);
  await bench.stopMeasured(gateway, phase);
  bench.removeFolder(dataDir);

  const seconds = arrived.lastAt === null ? Number.NaN : (arrived.lastAt - startedAt) / 1000;
  const cpuPerDelivery = cpuUsed / arrived.distinct;
  const share = arrived.steadyRate !== null && bare.steadyRate ? arrived.steadyRate / bare.steadyRate : null;
  const complete = arrived.distinct === queued && drained && unverified.length === 0;
  report.add({
    name: `deliveries/s, ${label}`,
    value: perSecond(arrived.steadyRate),
    baseline: `bare ${perSecond(bare.steadyRate)}`,
    ratio: percent(share),
    target: `≥ ${TARGET_RATE.toLocaleString('en-US')}/s and ≥ ${percent(TARGET_SHARE_OF_BARE)}`,
    pass: complete && (arrived.steadyRate ?? 0) >= TARGET_RATE && (share ?? 0) >= TARGET_SHARE_OF_BARE,
  });
  const timesBullmq = arrived.steadyRate !== null && bullmq.steadyRate ? arrived.steadyRate / bullmq.steadyRate : Number.NaN;
  report.add({
    name: `drain deliveries/s against BullMQ, ${label}`,
    value: perSecond(arrived.steadyRate),
    baseline: `BullMQ ${perSecond(bullmq.steadyRate)}`,
    ratio: times(timesBullmq),
    target: `≥ ${TARGET_TIMES_BULLMQ}× BullMQ`,
    pass: complete && bullmq.delivered === bullmq.expected && bullmq.unverified.length === 0 && timesBullmq >= TARGET_TIMES_BULLMQ,
  });
  // CPU per delivery does not depend on what else the machine runs, unlike the rates.
  report.add({
    name: `gateway CPU per delivery, ${label}`,
    value: micros(cpuPerDelivery),
    baseline: `bare ${micros(bareCpuPerRequest)}`,
    ratio: percent(bareCpuPerRequest / cpuPerDelivery),
    target: 'none',
    pass: null,
  });
  report.add({
    name: `CPU per delivery against BullMQ, ${label}`,
    value: micros(cpuPerDelivery),
    baseline: `BullMQ + Redis ${micros(bullmq.cpuPerDelivery)}`,
    ratio: times(bullmq.cpuPerDelivery / cpuPerDelivery),
    target: 'none',
    pass: null,
  });
  reportCpuCeiling(report, {
    label,
    unit: 'delivery',
    rest: 'the receiver',
    deliveriesPerUnit: 1,
    gateway: { allProcesses: cpuPerDelivery + restCpuPerDelivery, busiestThread: loopUsed / arrived.distinct },
    bullmq: { allProcesses: bullmq.cpuPerDelivery + bullmq.restCpuPerDelivery, rate: bullmq.steadyRate },
  });
  console.log(
    `  ${arrived.distinct}/${queued} delivered (${arrived.requests} requests), queue ${drained ? 'empty' : 'NOT empty'};` +
      ` start to last arrival ${perSecond(arrived.distinct / seconds)}, the gateway busy ${percent(cpuUsed / seconds)} of a core;` +
      ` signatures ${unverified.length === 0 ? 'verified' : `NOT verified: ${unverified.join('; ')}`}`,
  );
}
