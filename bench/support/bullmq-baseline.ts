/**
 * Starts the BullMQ baseline (support/bullmq-baseline-service.ts) on a Redis of its own, sending
 * to `endpointCount` endpoints at the receiver's `/e0`, `/e1`, … with secrets of their own.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DeliveryBench } from './delivery-harness.ts';
import { type NodeProcess, startNodeProcess } from './node-process.ts';
import { processCpuMs } from './process-cpu.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

export interface BullmqBaseline {
  endpoints: { id: string; path: string; secret: string }[];
  service: NodeProcess;
  redis: RedisServer;
  /** CPU used so far by the service and its Redis, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startBullmqBaseline(bench: DeliveryBench, endpointCount: number, env: Record<string, string> = {}): Promise<BullmqBaseline> {
  const endpoints = Array.from({ length: endpointCount }, (_, i) => ({
    id: `e${i}`,
    path: `/e${i}`,
    secret: `whsec_${randomBytes(24).toString('base64')}`,
  }));
  const redis = await startRedisServer();
  try {
    const service = await startNodeProcess({
      entry: path.join(import.meta.dirname, 'bullmq-baseline-service.ts'),
      env: {
        ...env,
        REDIS_URL: redis.url,
        ENDPOINTS: JSON.stringify(endpoints.map((e) => ({ url: bench.receiver.url(e.path), secret: e.secret }))),
      },
      ready: /listening on (http:\/\/\S+)/,
    });
    return {
      endpoints,
      service,
      redis,
      cpuMs: () => (processCpuMs(service.child.pid ?? -1) ?? Number.NaN) + (processCpuMs(redis.pid) ?? Number.NaN),
      async stop() {
        await service.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}
