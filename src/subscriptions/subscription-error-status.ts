/**
 * A subscription refused before it starts (a missing scope, a bad argument) is the caller's
 * mistake, yet its result has no `data`, so yoga would answer an SSE request HTTP 500 and log
 * a fault. This gives such expected errors the 4xx status they stand for.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type ErrorCode, HookgateError } from '../errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = { FORBIDDEN: 403, NOT_FOUND: 404 };

export function useSubscriptionErrorStatus(): Plugin {
  return {
    onSubscribe({ args }) {
      // Only HTTP requests have a fetch Request on the context; graphql-ws has no status to set.
      if ((args.contextValue as { request?: unknown }).request == null) return;
      return {
        onSubscribeResult({ result }) {
          if (Symbol.asyncIterator in result) return;
          for (const error of result.errors ?? []) {
            if (error instanceof GraphQLError && error.originalError instanceof HookgateError && error.extensions.http === undefined) {
              (error.extensions as Record<string, unknown>).http = { status: STATUS[error.originalError.code] ?? 400 };
            }
          }
        },
      };
    },
  };
}
