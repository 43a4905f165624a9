/**
 * `POST /inbound/<token>`: where providers deliver to inbound sources. A yoga plugin that
 * answers these paths itself, before any GraphQL handling (no API key: the source's own
 * verification is the credential).
 */
import type { Plugin } from 'graphql-yoga';
import { requestPath } from '../http/request-path.ts';
import type { InboundReceiver } from './inbound-receiver.ts';
import { tokenOfPath } from './source-token.ts';

export function useInboundRoute(receiver: InboundReceiver): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const token = tokenOfPath(requestPath(request.url));
      if (token === null) return;
      if (request.method !== 'POST') {
        endResponse(new fetchAPI.Response('only POST is accepted here', { status: 405, headers: { allow: 'POST' } }));
        return;
      }
      const answer =
        token === ''
          ? { status: 404, body: 'verification failed', headers: {} }
          : await receiver.receive({ token, query: url.searchParams, headers: request.headers, body: request.body });
      endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
    },
  };
}
