/**
 * Identifies the caller of every GraphQL request before its body is read, parsed or validated.
 * A request without a valid key is answered 401 at once, so parsing and validation (and their
 * "Did you mean …?" hints) serve key holders only; and each such refusal spends a token of
 * the client address's bucket, so a caller without a key is rate-limited (429 with
 * `Retry-After`) before the gateway does any work for it.
 */
import type { Plugin } from 'graphql-yoga';
import { type Authenticator, unauthenticatedError } from '../auth/authenticate.ts';
import { callerOf } from './caller.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { rateLimitedError } from './rate-limit-plugin.ts';

export interface AuthenticateFirstOptions {
  authenticator: Authenticator;
  /** Spends the address's allowance on refused requests; null when rate limiting is off. */
  limiter: RateLimiter | null;
}

export function useAuthenticateFirst({ authenticator, limiter }: AuthenticateFirstOptions): Plugin {
  return {
    // Runs for GraphQL requests only (GraphiQL, health and unknown routes were answered in onRequest).
    async onRequestParse({ request, serverContext }) {
      const { problem } = await authenticator.identify({ headers: request.headers });
      if (problem === undefined) return;
      const address = callerOf(serverContext).address;
      if (limiter && address !== null) {
        const decision = await limiter.take(`ip:${address}`);
        if (!decision.allowed) throw rateLimitedError(decision.retryAfterMs);
      }
      throw unauthenticatedError(problem);
    },
  };
}
