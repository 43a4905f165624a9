/** Whether the machine's Redis answers; like PostgreSQL, missing in CI fails, elsewhere skips. */
import { Redis } from 'ioredis';
import type { Unavailable } from './store-backends.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function probe(): Promise<string | null> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    client.disconnect();
  }
}

async function redisUnavailable(): Promise<Unavailable | null> {
  const problem = await probe();
  if (problem === null) return null;
  const reason = `Redis at ${REDIS_URL} is unreachable (${problem}); set TEST_REDIS_URL to run the scale-out tests`;
  const fails = process.env.CI === 'true';
  if (!fails) console.warn(`Skipping the Redis tests: ${reason}`);
  return { reason, fails };
}

/** Null when Redis answers. */
export const REDIS_UNAVAILABLE = await redisUnavailable();
