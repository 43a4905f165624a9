/**
 * The yoga plugins that bound what a caller may ask of the gateway, built from the security
 * configuration.
 */
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticate.ts';
import type { SecurityConfig } from '../config.ts';
import { useAuthenticateFirst } from './authenticate-first.ts';
import { useRequestBodyLimit } from './body-limit.ts';
import { useGraphQLLimits } from './graphql-limits.ts';
import { useIntrospection } from './introspection.ts';
import { TokenBucketRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { useRateLimit } from './rate-limit-plugin.ts';

export interface SecurityPluginsOptions {
  /** Replaces the in-memory token buckets (e.g. with a limiter shared through Redis). */
  rateLimiter?: RateLimiter;
  /** Identifies callers before their request is parsed (see authenticate-first.ts). */
  authenticator?: Authenticator;
}

export function securityPlugins(config: SecurityConfig, options: SecurityPluginsOptions = {}): Plugin[] {
  const limiter = options.rateLimiter ?? (config.rateLimit ? new TokenBucketRateLimiter(config.rateLimit) : null);
  return [
    ...(options.authenticator ? [useAuthenticateFirst({ authenticator: options.authenticator, limiter })] : []),
    useRequestBodyLimit(config.maxBodyBytes),
    useIntrospection(config.introspection),
    useGraphQLLimits({ ...config.limits, blockFieldSuggestions: !config.introspection }),
    ...(limiter ? [useRateLimit({ limiter })] : []),
  ];
}
