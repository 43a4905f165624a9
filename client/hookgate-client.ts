/**
 * A small typed client for the Hookgate API: queries and mutations over HTTP, subscriptions over
 * WebSocket (graphql-ws) or Server-Sent Events (graphql-sse), each sending the API key the way
 * the gateway reads it. Results and variables are typed by the document (see documents.ts).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, type GraphQLFormattedError, print } from 'graphql';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface HookgateClientOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** An API key (`hg_…`); sent as `Authorization: Bearer <key>`. Omit when the gateway runs with HOOKGATE_AUTH=off. */
  apiKey?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: the global `WebSocket` (browsers, Node 22+). */
  webSocketImpl?: unknown;
}

/** The variables argument: optional when the document has no required variables. */
type VariablesArg<V> = {} extends V ? [variables?: V] : [variables: V];

export type SubscriptionTransport = 'ws' | 'sse';

/** A query or mutation answered with GraphQL errors (or a non-JSON HTTP answer). */
export class HookgateRequestError extends Error {
  readonly errors: readonly GraphQLFormattedError[];
  readonly status: number | null;
  constructor(errors: readonly GraphQLFormattedError[], status: number | null) {
    super(errors.map((e) => `${e.message}${e.extensions?.code ? ` (${String(e.extensions.code)})` : ''}`).join('; '));
    this.name = 'HookgateRequestError';
    this.errors = errors;
    this.status = status;
  }
}

export interface HookgateClient {
  /** Runs a query or mutation; resolves with `data`, rejects with HookgateRequestError. */
  request<R, V>(document: TypedDocumentNode<R, V>, ...[variables]: VariablesArg<V>): Promise<R>;
  /** Streams a subscription; each item is one result's `data`. Leave the loop (break) to stop it. */
  subscribe<R, V>(
    document: TypedDocumentNode<R, V>,
    ...[variables, transport]: [...VariablesArg<V>, transport?: SubscriptionTransport]
  ): AsyncGenerator<R, void, undefined>;
  /** Closes the WebSocket, if one is open. */
  close(): Promise<void>;
}

export function createHookgateClient(options: HookgateClientOptions): HookgateClient {
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  let ws: WsClient | undefined;
  const wsClient = () =>
    (ws ??= createWsClient({
      url: options.url.replace(/^http/, 'ws'),
      // The gateway reads the key from connection_init, as from HTTP headers.
      connectionParams: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    }));
  const sseClient = (): SseClient => createSseClient({ url: options.url, headers, fetchFn: doFetch, singleConnection: false });

  function unwrap<R>(result: ExecutionResult<R>, status: number | null): R {
    if (result.errors?.length || !result.data) throw new HookgateRequestError(result.errors ?? [], status);
    return result.data;
  }

  return {
    async request(document, ...[variables]) {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const text = await response.text();
      let body: ExecutionResult<never>;
      try {
        body = JSON.parse(text) as ExecutionResult<never>;
      } catch {
        throw new HookgateRequestError([{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }], response.status);
      }
      return unwrap(body, response.status);
    },

    async *subscribe(document, ...[variables, transport = 'ws']) {
      const client = transport === 'sse' ? sseClient() : wsClient();
      try {
        for await (const result of client.iterate({ query: print(document), variables: variables as Record<string, unknown> | undefined })) {
          yield unwrap(result as ExecutionResult<never>, null);
        }
      } finally {
        if (transport === 'sse') client.dispose();
      }
    },

    async close() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
