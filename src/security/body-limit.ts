/**
 * Request bodies are bounded by yoga's own `maxRequestBodySize`: a declared Content-Length
 * over the limit, or a streamed body that grows past it, is answered 413 with a GraphQL error
 * (`REQUEST_ENTITY_TOO_LARGE`). This plugin adds `Connection: close` to that answer, so that
 * node:http drops the connection instead of reading the rest of the oversized body to keep it
 * alive.
 */
import type { Plugin } from 'graphql-yoga';

export function useCloseOversizedRequests(): Plugin {
  return {
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('connection', 'close');
    },
  };
}
