/**
 * Pothos scope-auth keeps each request's evaluated scopes in a WeakMap keyed by the GraphQL
 * context, and the entry's value holds the context. V8's young-generation GC keeps the values
 * of such entries alive until a full GC runs, so every request's whole context (loaders,
 * providers, the request and response) outlived its request and was copied into the old
 * generation: at one listing in flight that was the bulk of the gateway's GC time (bench/proxy).
 * Dropping the entry once the operation's result is out lets the request's objects die young.
 * Subscriptions keep theirs while they run.
 */
import { RequestCache } from '@pothos/plugin-scope-auth';
import type { Plugin } from 'graphql-yoga';

export function useReleaseRequestCaches(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone() {
          RequestCache.clearForContext(args.contextValue as object);
        },
      };
    },
  };
}
