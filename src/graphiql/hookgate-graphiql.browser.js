// Runs in the browser, served as /graphiql/assets/hookgate-graphiql.js (plain JavaScript: no
// build step). It renders yoga's GraphiQL with a fetcher of our own, because GraphiQL's own
// sends the Headers tab's key inside each WebSocket `subscribe` message, where the gateway
// does not look: here queries and mutations go over HTTP with those headers, and subscriptions
// over graphql-ws with the headers as `connection_init` params (one client per distinct set of
// headers), or over graphql-sse with them as HTTP headers (`?subscriptions=sse` in the page URL).
/* global graphqlWs, graphqlSse, YogaGraphiQL */
(function () {
  'use strict';

  // Workers come from the gateway too (same origin), never from a CDN.
  const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => `/graphiql/assets/${WORKERS[label] ?? WORKERS.editorWorkerService}`,
  };

  const options = JSON.parse(document.getElementById('hookgate-graphiql-options').textContent);
  const endpoint = new URL(location.pathname, location.href);
  const transport = new URLSearchParams(location.search).get('subscriptions') === 'sse' ? 'sse' : 'ws';

  function operationType(params, documentAST) {
    const operations = (documentAST?.definitions ?? []).filter((d) => d.kind === 'OperationDefinition');
    const chosen = operations.find((d) => !params.operationName || d.name?.value === params.operationName);
    if (chosen) return chosen.operation;
    // No parsed document (GraphiQL's own introspection): look at the text itself.
    return /^\s*subscription\b/.test(params.query.replace(/#[^\n]*/g, '')) ? 'subscription' : 'query';
  }

  const wsClients = new Map();
  function wsClient(headers) {
    const key = JSON.stringify(headers);
    let client = wsClients.get(key);
    if (!client) {
      const url = new URL(endpoint);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      client = graphqlWs.createClient({ url: url.href, connectionParams: headers, lazy: true, retryAttempts: 0 });
      wsClients.set(key, client);
    }
    return client;
  }

  function sseClient(headers) {
    return graphqlSse.createClient({ url: endpoint.href, headers, singleConnection: false, retryAttempts: 0 });
  }

  /** A closed socket or a refused stream becomes a GraphQL error GraphiQL can show. */
  function describe(error) {
    if (error && typeof error.code === 'number' && 'reason' in error) {
      const hint = error.code === 4401 || error.code === 4403 ? ': put a valid API key in the Headers tab' : '';
      return `The gateway closed the WebSocket (${error.code}${error.reason ? ` ${error.reason}` : ''})${hint}`;
    }
    if (error && error.response && typeof error.response.status === 'number') {
      return `The gateway refused the event stream (HTTP ${error.response.status}): ${error.message}`;
    }
    return error instanceof Error ? error.message : String(error);
  }

  async function* subscribe(params, headers) {
    const client = transport === 'sse' ? sseClient(headers) : wsClient(headers);
    try {
      yield* client.iterate(params);
    } catch (error) {
      yield { errors: [{ message: describe(error) }] };
    } finally {
      if (transport === 'sse') client.dispose();
    }
  }

  async function post(params, headers) {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(params),
      credentials: 'same-origin',
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
  }

  function fetcher(params, fetcherOptions) {
    const headers = fetcherOptions?.headers ?? {};
    return operationType(params, fetcherOptions?.documentAST) === 'subscription' ? subscribe(params, headers) : post(params, headers);
  }

  addEventListener('DOMContentLoaded', () => {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), { ...options, fetcher });
  });
})();
