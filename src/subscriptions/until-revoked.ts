/**
 * Ends every subscription (graphql-ws and graphql-sse alike) whose API key is revoked while it
 * is open: the stream's last result is an UNAUTHENTICATED error, then it completes.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';

export function keyRevokedError(): GraphQLError {
  return new GraphQLError('The API key of this subscription was revoked', { extensions: { code: 'UNAUTHENTICATED' } });
}

/**
 * `source` until `revoked` settles, then `last` and the end. A hand-written iterator rather than
 * an async generator: a generator's `return()` waits for its pending `await`, which on a quiet
 * stream could be forever. (Nor Promise.race against `revoked`: every race would leave a
 * reaction on that long-lived promise.)
 */
export function untilRevoked<T>(source: AsyncIterable<T>, revoked: Promise<void>, last: T, onEnd: () => void): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let state: 'open' | 'revoked' | 'ended' = 'open';
  /** Settles the `next()` in progress, if any, with `last`. */
  let interrupt: (() => void) | null = null;
  const end = () => {
    if (state === 'ended') return;
    state = 'ended';
    onEnd();
    void Promise.resolve(iterator.return?.()).catch(() => {});
  };
  void revoked.then(() => {
    if (state !== 'open') return;
    state = 'revoked';
    interrupt?.();
  });
  const lastResult = (): IteratorResult<T> => {
    end();
    return { done: false, value: last };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (state === 'ended') return Promise.resolve({ done: true, value: undefined });
      if (state === 'revoked') return Promise.resolve(lastResult());
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        interrupt = () => resolve(lastResult());
        iterator.next().then(
          (result) => {
            interrupt = null;
            if (result.done) end();
            resolve(result);
          },
          (error: unknown) => {
            interrupt = null;
            reject(error);
          },
        );
      });
    },
    async return() {
      end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      end();
      throw error;
    },
  };
}

export function useEndSubscriptionsOnRevocation(authenticator: Authenticator): Plugin {
  return {
    onSubscribe({ args }) {
      const principal = (args.contextValue as { principal?: Principal }).principal;
      if (!principal || !authenticator.enabled) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return;
          let stopWatching = () => {};
          const revoked = new Promise<void>((resolve) => (stopWatching = authenticator.onRevoked(principal, resolve)));
          setResult(untilRevoked(result, revoked, { errors: [keyRevokedError()] }, () => stopWatching()));
        },
      };
    },
  };
}
