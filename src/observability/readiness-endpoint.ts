/**
 * `GET /readyz`: 200 once the gateway can serve (its store answers), 503 with the reason until
 * then. yoga's own readiness plugin matched every request's URL against a URLPattern, which cost
 * more than a small publish's store insert; this matches the path alone.
 */
import type { Plugin } from 'graphql-yoga';
import { requestPath } from '../http/request-path.ts';

export function useReadinessEndpoint(options: { path: string; check: () => Promise<void> }): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (requestPath(request.url) !== options.path) return;
      try {
        await options.check();
        endResponse(new fetchAPI.Response(null, { status: 200 }));
      } catch (error) {
        const message = error instanceof Error ? error.message : null;
        endResponse(
          new fetchAPI.Response(message, { status: 503, headers: message === null ? {} : { 'content-type': 'text/plain; charset=utf-8' } }),
        );
      }
    },
  };
}
