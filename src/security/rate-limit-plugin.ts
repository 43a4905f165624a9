/**
 * Applies a RateLimiter to every GraphQL operation (HTTP and WebSocket), keyed by the
 * caller's API key, or by the client address when the request carries no key. A refused
 * operation is not executed: it answers HTTP 429 with `Retry-After` and a GraphQL error whose
 * extensions carry `code: "RATE_LIMITED"` and `retryAfterSeconds`.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { callerOf } from './caller.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface RateLimitPluginOptions {
  /** Decides per key: the in-memory TokenBucketRateLimiter, or one shared between instances. */
  limiter: RateLimiter;
}

export const RATE_LIMITED = 'RATE_LIMITED';

/**
 * In-process callers of `yoga.fetch` have neither a key nor an address: they are the
 * application itself, so they are not limited.
 */
export function rateLimitKey(context: unknown): string | null {
  const { keyId, address } = callerOf(context);
  if (keyId !== null) return `key:${keyId}`;
  if (address !== null) return `ip:${address}`;
  return null;
}

/** `overHttp` adds the status and header yoga answers with (and strips from the body). */
export function rateLimitedError(retryAfterMs: number, overHttp = true): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const http = { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } };
  return new GraphQLError(`Too many requests: retry after ${retryAfterSeconds} s.`, {
    extensions: { code: RATE_LIMITED, retryAfterSeconds, ...(overHttp ? { http } : {}) },
  });
}

async function refusal(limiter: RateLimiter, context: unknown): Promise<GraphQLError | null> {
  const key = rateLimitKey(context);
  if (key === null) return null;
  const decision = await limiter.take(key);
  // Only HTTP requests have a fetch Request on the context; WebSocket operations do not.
  const overHttp = (context as { request?: unknown }).request != null;
  return decision.allowed ? null : rateLimitedError(decision.retryAfterMs, overHttp);
}

export function useRateLimit({ limiter }: RateLimitPluginOptions): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const error = await refusal(limiter, args.contextValue);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const error = await refusal(limiter, args.contextValue);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
