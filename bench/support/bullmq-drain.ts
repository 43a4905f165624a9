/**
 * The drain baseline of bench/delivery's throughput phases: the same backlog emptied by the
 * BullMQ service (support/bullmq-baseline-service.ts, Redis with AOF fsync'd every second, a
 * worker of 256 signing with `standardwebhooks` and posting with undici). The jobs are queued
 * with the worker stopped (`AUTORUN=false`), then `POST /run` starts it; the rate is measured at
 * the same receiver, between the 10th and 90th percentile arrivals, as for Hookgate.
 */
import { Pool } from 'undici';
import { startBullmqBaseline } from './bullmq-baseline.ts';
import { BENCH_EVENT_TYPE, benchPayload } from './delivery-backlog.ts';
import type { DeliveryBench } from './delivery-harness.ts';
import { cpuFromNow } from './cpu-ceiling.ts';

const QUEUE_BATCH = 500;
const DRAIN_TIMEOUT_MS = 120_000;

export interface DrainResult {
  /** Distinct deliveries/s between the 10th and 90th percentile arrival. */
  steadyRate: number | null;
  /** CPU of the service and Redis per delivery, in seconds. */
  cpuPerDelivery: number;
  /** CPU of the receiver (and this process) per delivery meanwhile, in seconds. */
  restCpuPerDelivery: number;
  delivered: number;
  expected: number;
  unverified: string[];
}

export async function measureBullmqDrain(bench: DeliveryBench, endpointCount: number, events: number): Promise<DrainResult> {
  const baseline = await startBullmqBaseline(bench, endpointCount, { AUTORUN: 'false' });
  const client = new Pool(baseline.service.url, { connections: 4 });
  const post = async (urlPath: string, body: string) => {
    const response = await client.request({ method: 'POST', path: urlPath, headers: { 'content-type': 'application/json' }, body });
    await response.body.dump();
    if (response.statusCode !== 202) throw new Error(`BullMQ ${urlPath} answered ${response.statusCode}`);
  };
  try {
    for (let first = 0; first < events; first += QUEUE_BATCH) {
      const count = Math.min(QUEUE_BATCH, events - first);
      await post('/publish', JSON.stringify({ events: Array.from({ length: count }, (_, i) => ({ type: BENCH_EVENT_TYPE, payload: benchPayload(first + i) })) }));
    }
    await bench.receiver.reset();
    const cpuBefore = baseline.cpuMs();
    const restCpuMs = cpuFromNow([bench.receiver.pid ?? -1]);
    await post('/run', '');
    const expected = events * endpointCount;
    const arrived = await bench.receiver.waitForDistinct(expected, DRAIN_TIMEOUT_MS);
    return {
      steadyRate: arrived.steadyRate,
      cpuPerDelivery: (baseline.cpuMs() - cpuBefore) / 1000 / arrived.distinct,
      restCpuPerDelivery: restCpuMs() / 1000 / arrived.distinct,
      delivered: arrived.distinct,
      expected,
      unverified: await bench.unverifiedSamples(baseline.endpoints),
    };
  } finally {
    await client.close();
    await baseline.stop();
  }
}
