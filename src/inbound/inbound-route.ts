/**
 * `POST /inbound/<token>`: where providers deliver to inbound sources. Answered on node:http
 * directly, before yoga: it is not GraphQL, takes no API key (the source's own verification is
 * the credential), and a provider's delivery should cost what its verification and its write
 * cost, not a fetch-API request and a plugin chain. It keeps the gateway's request id
 * (`x-request-id`) and request line, with the token hidden from the log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from '../observability/request-log-plugin.ts';
import { requestScope } from '../observability/request-scope.ts';
import type { InboundAnswer, InboundReceiver } from './inbound-receiver.ts';
import { INBOUND_PATH, tokenOfPath } from './source-token.ts';

/** Handles the request when it is an inbound one (true); false leaves it to the next handler. */
export type InboundRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

const NOT_FOUND: InboundAnswer = { status: 404, body: 'verification failed', headers: { 'content-type': 'text/plain; charset=utf-8' } };
const LOGGED_PATH = `${INBOUND_PATH}…`;

/**
 * The body, or null once it grows past `limit`: reading then stops, the rest is left unread
 * (the answer closes the connection). Rejects when the client goes away before the end.
 */
export function readBounded(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  // Usually the whole request came in one read and its body is buffered already: taken at once,
  // without switching the stream to flowing and listening to its events.
  if (request.complete && request.readableLength <= limit) {
    return Promise.resolve((request.read() as Buffer | null) ?? Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new Error('the client closed the connection before the body ended'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

function pathAndSearch(url: URL): string {
  return `${url.pathname}${url.search}`;
}

function headerOf(request: IncomingMessage): (name: string) => string | null {
  return (name) => {
    const value = request.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

export function inboundRoute(receiver: InboundReceiver, logger: Logger): InboundRoute {
  // The request line holds fixed fields only, none of which can hold a secret (see useRequestLog).
  const requestLines = logger.child({}, { redact: [] });

  async function handle(request: IncomingMessage, response: ServerResponse, token: string, search: string, requestId: string) {
    const startedAt = performance.now();
    let answer: InboundAnswer;
    try {
      answer =
        token === ''
          ? NOT_FOUND
          : await receiver.receive({
              token,
              search,
              header: headerOf(request),
              declaredLength: request.headers['content-length'] === undefined ? null : Number(request.headers['content-length']),
              readBody: (limit) => readBounded(request, limit),
            });
    } catch (error) {
      // The client went away mid-body, or a fault the receiver did not expect: nothing was acknowledged.
      if (response.destroyed || request.destroyed) {
        response.destroy();
        return;
      }
      requestLines.error({ err: error, requestId }, 'an inbound request failed');
      answer = { status: 500, body: 'internal error', headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' } };
    }
    // With its length declared, the answer goes out as one write; without, node would chunk it.
    const headers = { ...answer.headers, 'content-length': Buffer.byteLength(answer.body), [REQUEST_ID_HEADER]: requestId };
    response.writeHead(answer.status, headers).end(answer.body);
    // Accepted deliveries at debug, like probes: each is stored, counted on its source and in
    // hookgate_inbound_requests_total, and at a provider's rate their lines cost more than the rest of the logging.
    const level = answer.status >= 500 ? 'error' : answer.status < 300 ? 'debug' : 'info';
    if (!requestLines.isLevelEnabled(level)) return;
    const line = { requestId, method: 'POST', path: LOGGED_PATH, status: answer.status, durationMs: Math.round((performance.now() - startedAt) * 10) / 10 };
    requestLines[level](line, answer.status >= 500 ? 'request failed' : 'request');
  }

  return (request, response) => {
    const raw = request.url ?? '/';
    // The absolute form (`POST http://host/inbound/…`) is rare enough to pay for a URL parse.
    const url = raw.startsWith('/') ? raw : URL.canParse(raw) ? pathAndSearch(new URL(raw)) : raw;
    if (!url.startsWith(INBOUND_PATH)) return false;
    const queryAt = url.indexOf('?');
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const token = tokenOfPath(pathname);
    if (token === null) return false;
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('only POST is accepted here');
      return true;
    }
    const requestId = requestIdFrom(headerOf(request)(REQUEST_ID_HEADER));
    void requestScope.run({ requestId }, () => handle(request, response, token, queryAt === -1 ? '' : url.slice(queryAt + 1), requestId));
    return true;
  };
}
