/**
 * RSS with 100,000 PENDING deliveries (10 endpoints × 10,000 events, written with the store
 * while the gateway is stopped). The receiver answers 503 and the retry schedule is `0,1h`, so
 * the worker attempts every delivery once, as fast as it can, and all of them stay PENDING.
 * The figure is the gateway's peak VmRSS over that run; the baseline, its RSS when idle.
 */
import type { DeliveryBench } from './delivery-harness.ts';
import { mb, times } from './delivery-report.ts';

const ENDPOINTS = 10;
const TARGET_RSS_BYTES = 300 * 1024 * 1024;
const ATTEMPTS_TIMEOUT_MS = 120_000;

export async function measureMemory(bench: DeliveryBench): Promise<void> {
  const { receiver, report } = bench;
  const events = bench.scaled(10_000);
  console.log(`\n## RSS with ${(events * ENDPOINTS).toLocaleString('en-US')} PENDING deliveries (${ENDPOINTS} endpoints)`);
  const { dataDir, idleRss } = await bench.prepareEndpoints(ENDPOINTS);
  const queued = await bench.preload(dataDir, events);
  await receiver.setMode('fail');
  await receiver.reset();
  const gateway = await bench.measuredGateway(dataDir, 'rss', { HOOKGATE_RETRY_SCHEDULE: '0,1h' });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, gateway.rssBytes() ?? 0)), 50);
  const attempted = await receiver.waitForDistinct(queued, ATTEMPTS_TIMEOUT_MS);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  clearInterval(sampler);
  const depth = await gateway.metric('hookgate_delivery_queue_depth');
  const after = gateway.rssBytes();
  const heapUsed = await gateway.metric('hookgate_nodejs_heap_size_used_bytes');
  const heapTotal = await gateway.metric('hookgate_nodejs_heap_size_total_bytes');
  await bench.stopMeasured(gateway, 'rss');
  await receiver.setMode('ok');
  bench.removeFolder(dataDir);

  report.add({
    name: `peak RSS, ${queued.toLocaleString('en-US')} pending`,
    value: mb(peak),
    baseline: `idle ${mb(idleRss)}`,
    ratio: idleRss ? times(peak / idleRss) : 'n/a',
    target: `< ${mb(TARGET_RSS_BYTES)}`,
    pass: depth === queued && peak < TARGET_RSS_BYTES,
  });
  console.log(
    `  ${attempted.distinct}/${queued} attempted once (503); queue depth after: ${depth}; a second later RSS ${mb(after)},` +
      ` V8 heap ${mb(heapUsed)} used of ${mb(heapTotal)} (garbage included: V8 collects it lazily)`,
  );
}
