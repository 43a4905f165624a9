/**
 * Warm start: a gateway just started, on a folder prepared with one endpoint, is sent events at
 * a paced 1,000/s (open loop) from the moment its /readyz answers 200, as a load balancer would
 * start sending, for WINDOW_MS × 2 + a gap. Each event's publish→delivered latency (first
 * arrival at the receiver minus when its publish was sent) and its publish request's own
 * latency are put in the window it was sent in: the first WINDOW_MS after ready, and a steady
 * window of the same length that starts after a gap. The target: the first window's p99 within
 * 2× the steady window's. How long the gateway took from its spawn to ready is reported too.
 */
import { request } from 'undici';
import { BENCH_EVENT_TYPE, benchPayload } from './delivery-backlog.ts';
import type { GatewayProcess } from './delivery-gateway.ts';
import type { DeliveryBench } from './delivery-harness.ts';
import { runPaced, wallClock } from './delivery-pacer.ts';
import { ms, times } from './delivery-report.ts';
import { LatencyRecorder } from './latency-recorder.ts';

const RATE = 1_000;
const WINDOW_MS = 30_000;
/** Between the windows: the steady window begins this long after the first ends. */
const GAP_MS = 10_000;
const TARGET_RATIO = 2;
const ARRIVAL_TIMEOUT_MS = 30_000;
const TIMELINE_STEP_MS = 2_000;

const PUBLISH = `mutation ($input: PublishEventInput!) {
  publishEvent(input: $input) { ... on PublishEventSuccess { event { id } } ... on Error { code message } }
}`;

async function waitUntilReady(gateway: GatewayProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(`${gateway.origin}/readyz`).catch(() => null);
    await response?.body.dump();
    if (response?.statusCode === 200) return;
    if (Date.now() > deadline) throw new Error(`the gateway was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Sent {
  id: string;
  at: number;
  /** Milliseconds the publish request took. */
  publishMs: number;
}

export async function measureWarmStart(bench: DeliveryBench): Promise<void> {
  const { receiver, report } = bench;
  const windowMs = Math.max(5_000, Math.round(WINDOW_MS * Math.min(bench.options.scale, 1)));
  const gapMs = Math.max(2_000, Math.round(GAP_MS * Math.min(bench.options.scale, 1)));
  console.log(
    `\n## Warm start: ${RATE}/s from /readyz on, 1 endpoint; p99 of the first ${windowMs / 1000} s against a steady` +
      ` ${windowMs / 1000} s window ${gapMs / 1000} s later`,
  );
  await receiver.setMode('ok');
  const { dataDir, endpoints } = await bench.prepareEndpoints(1);
  await receiver.reset();
  const spawnedAt = wallClock();
  const gateway = await bench.measuredGateway(dataDir, 'warm-start');
  const listeningAt = wallClock();
  await waitUntilReady(gateway, 60_000);
  const readyAt = wallClock();

  const sent: Sent[] = [];
  const run = await runPaced({ perSecond: RATE, durationMs: windowMs * 2 + gapMs }, async (i) => {
    const at = wallClock();
    const data = await gateway.graphql<{ publishEvent: { event?: { id: string }; code?: string; message?: string } }>(PUBLISH, {
      input: { event: BENCH_EVENT_TYPE, payload: benchPayload(i) },
    });
    if (!data.publishEvent.event) throw new Error(`publishEvent answered ${data.publishEvent.code}: ${data.publishEvent.message}`);
    sent.push({ id: data.publishEvent.event.id, at, publishMs: wallClock() - at });
  });
  await receiver.waitForDistinct(sent.length, ARRIVAL_TIMEOUT_MS);
  const arrivals = await receiver.arrivals(endpoints[0]!.path);
  const unverified = await bench.unverifiedSamples(endpoints);
  await bench.stopMeasured(gateway, 'warm-start');
  bench.removeFolder(dataDir);

  const windows = {
    first: { from: readyAt, to: readyAt + windowMs },
    steady: { from: readyAt + windowMs + gapMs, to: readyAt + 2 * windowMs + gapMs },
  };
  const summarise = (window: { from: number; to: number }) => {
    const delivered = new LatencyRecorder();
    const published = new LatencyRecorder();
    let missing = 0;
    for (const event of sent) {
      if (event.at < window.from || event.at >= window.to) continue;
      published.record(event.publishMs);
      const arrival = arrivals.get(event.id);
      if (arrival === undefined) missing += 1;
      else delivered.record(Math.max(0, arrival - event.at));
    }
    return { delivered: delivered.summary(), published: published.summary(), missing };
  };
  const first = summarise(windows.first);
  const steady = summarise(windows.steady);
  const complete = run.failures === 0 && first.missing + steady.missing === 0 && unverified.length === 0;
  const ratio = first.delivered.p99 / steady.delivered.p99;
  report.add({
    name: `warm start: publish→delivered p99, first ${windowMs / 1000} s after ready`,
    value: ms(first.delivered.p99),
    baseline: `steady ${ms(steady.delivered.p99)}`,
    ratio: times(ratio),
    target: `≤ ${TARGET_RATIO}× steady`,
    pass: complete && ratio <= TARGET_RATIO,
  });
  report.add({
    name: `warm start: publish request p99, first ${windowMs / 1000} s after ready`,
    value: ms(first.published.p99),
    baseline: `steady ${ms(steady.published.p99)}`,
    ratio: times(first.published.p99 / steady.published.p99),
    target: 'none',
    pass: null,
  });
  report.add({
    name: 'warm start: from spawn to /readyz 200',
    value: ms(readyAt - spawnedAt),
    baseline: `listening after ${ms(listeningAt - spawnedAt)}`,
    ratio: '',
    target: 'none',
    pass: null,
  });
  // Where the time went: publish→delivered p99 per TIMELINE_STEP_MS after ready.
  const steps = new Map<number, LatencyRecorder>();
  for (const event of sent) {
    const arrival = arrivals.get(event.id);
    if (arrival === undefined) continue;
    const step = Math.floor((event.at - readyAt) / TIMELINE_STEP_MS);
    if (!steps.has(step)) steps.set(step, new LatencyRecorder());
    steps.get(step)!.record(Math.max(0, arrival - event.at));
  }
  console.log(
    `  p99 per ${TIMELINE_STEP_MS / 1000} s after ready (ms): ` +
      [...steps.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, recorder]) => recorder.percentile(99).toFixed(0))
        .join(' '),
  );
  console.log(
    `  published ${run.sent} at ${run.achievedRate.toFixed(0)}/s, ${run.failures} failed` +
      (run.failures > 0 ? ` (the first: ${String(run.firstError)})` : '') +
      `; first window: p50 ${ms(first.delivered.p50)}, p99 ${ms(first.delivered.p99)}, max ${ms(first.delivered.max)}` +
      ` (publish p99 ${ms(first.published.p99)}), ${first.missing} not delivered;` +
      ` steady window: p50 ${ms(steady.delivered.p50)}, p99 ${ms(steady.delivered.p99)}, max ${ms(steady.delivered.max)}` +
      ` (publish p99 ${ms(steady.published.p99)}), ${steady.missing} not delivered;` +
      ` signatures ${unverified.length === 0 ? 'verified' : `NOT verified: ${unverified.join('; ')}`}`,
  );
}
