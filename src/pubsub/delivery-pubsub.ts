/**
 * Where delivery events travel from the worker that produced them to subscribers: yoga's
 * in-process pub/sub by default; Redis (`@graphql-yoga/redis-event-target` + ioredis) when
 * REDIS_URL is set, so a subscriber on one instance sees attempts made by any other.
 * Redis pub/sub has no replay; subscribers that reconnect resume from the store by cursor.
 */
import { createPubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { DeliveryPubSub, PubSubTopics } from '../context.ts';

type Channels = Record<string, [PubSubTopics[keyof PubSubTopics]]>;

/**
 * The DeliveryPubSub face of a yoga pub/sub: one channel per topic, named within `namespace`.
 * Redis is often shared (staging and production, several teams): without the namespace a
 * subscriber would get another deployment's events, of a tenant with the same name.
 */
function byTopic(pubsub: ReturnType<typeof createPubSub<Channels>>, namespace: string): DeliveryPubSub {
  const channels: Record<keyof PubSubTopics, string> = {
    deliveryEvents: `hookgate:${namespace}:delivery-events`,
    providerEvents: `hookgate:${namespace}:provider-events`,
  };
  return {
    publish: (topic, event) => (pubsub.publish as (channel: string, event: unknown) => void)(channels[topic], event),
    subscribe: (topic) => (pubsub.subscribe as (channel: string) => AsyncIterable<never>)(channels[topic]),
  };
}

export interface ClosablePubSub {
  pubsub: DeliveryPubSub;
  close(): Promise<void>;
}

export function createInProcessPubSub(): ClosablePubSub {
  return {
    pubsub: byTopic(createPubSub<Channels>(), 'local'),
    close: async () => {},
  };
}

/**
 * The event target fires Redis commands without awaiting them; a Redis outage must not turn
 * into unhandled rejections, so the clients it gets report failures instead of throwing.
 * Delivery records are in the store first, so a lost notification loses no data.
 */
/** @param storeId the store's identity (Store.storeId): the instances of one deployment share it, no other has it. */
export async function createRedisPubSub(redisUrl: string, storeId: string, log: (message: string, error?: unknown) => void): Promise<ClosablePubSub> {
  // Loaded only when used: the in-process default need not hold the Redis client in memory.
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([import('ioredis'), import('@graphql-yoga/redis-event-target')]);
  const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  for (const client of [publisher, subscriber]) client.on('error', (error) => log('Redis connection error', error));
  await Promise.all([publisher.connect(), subscriber.connect()]);

  const publishClient = {
    publish: (channel: string, message: string) =>
      publisher.publish(channel, message).catch((error: unknown) => log('publishing a delivery event to Redis failed', error)),
  };
  const subscribeClient = {
    on: (event: 'message', listener: (channel: string, message: string) => void) => subscriber.on(event, listener),
    subscribe: (channel: string) => subscriber.subscribe(channel).catch((error: unknown) => log('subscribing to Redis failed', error)),
    unsubscribe: (channel: string) =>
      subscriber.unsubscribe(channel).catch((error: unknown) => log('unsubscribing from Redis failed', error)),
  };
  const eventTarget = createRedisEventTarget({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
  });
  return {
    pubsub: byTopic(createPubSub<Channels>({ eventTarget }), storeId),
    async close() {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
