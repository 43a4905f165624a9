/**
 * `POST /graphql` with a JSON body, the way API clients send every operation, answered on
 * node:http without the fetch-API emulation: @whatwg-node's Request, Headers, web streams and
 * Response, and yoga's request-level hooks around them, cost about a third of the gateway's CPU
 * per listing (bench/proxy). What makes a GraphQL answer is yoga's own and runs as before:
 * `getResultForParams` (the params checks, parse and validation caches, context, armor limits,
 * scopes, rate limits, compiled execution, masked errors) and, for any result with errors,
 * `processRegularResult` (status codes and headers by the GraphQL over HTTP rules).
 *
 * Only the plain case is taken here: POST to the endpoint without a query string, no `Origin`
 * (browsers and CORS stay with yoga), a JSON body with a Content-Length within the limit, an
 * `Accept` yoga would answer with JSON, and a caller that presents a valid key. Anything else is
 * left to yoga untouched; a body that turns out not to be a plain operation (bad JSON, a batch,
 * a subscription) is handed to yoga with the bytes already read. Replies keep `x-request-id` and
 * the request line (request-log-plugin.ts), and refusals stay yoga's (authenticate-first.ts).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { type GraphQLParams, isAsyncIterable, processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticate.ts';
import type { GraphQLContext } from '../context.ts';
import type { Logger } from '../observability/logger.ts';
import { REQUEST_ID_HEADER, type RequestLog } from '../observability/request-log-plugin.ts';
import { requestScope } from '../observability/request-scope.ts';
import { keptBytes } from './reused-results.ts';

/** Handles the request (true), or leaves it to the next handler (false) without reading it. */
export type JsonPostRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface JsonPostRouteOptions {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  authenticator: Authenticator;
  requestLog: RequestLog;
  /** HOOKGATE_MAX_BODY_BYTES: a larger Content-Length is yoga's to refuse (413). */
  maxBodyBytes: number;
  logger: Logger;
}

const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
/** The media type yoga answers a plain result with, by the request's Accept (yoga's own choice, see bench/proxy). */
const ANSWER_TYPES = new Map<string | undefined, string>([
  [undefined, 'application/json'],
  ['*/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
]);
const CONTENT_LENGTH = /^\d{1,10}$/;
const PARAM_NAMES = new Set(['query', 'variables', 'operationName', 'extensions']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** What a request taken here looks like, from its headers alone. */
export interface PlainJsonPost {
  /** The media type of the answer: yoga's choice for the request's Accept. */
  answerType: string;
  /** Its Content-Length. */
  length: number;
}

/** Whether the request is taken here (see the top of this file), decided before any of its body is read. */
export function plainJsonPost(request: IncomingMessage, endpoint: string, maxBodyBytes: number): PlainJsonPost | null {
  if (request.method !== 'POST' || request.url !== endpoint) return null;
  const { headers } = request;
  const contentType = single(headers['content-type']);
  const contentLength = single(headers['content-length']);
  const answerType = ANSWER_TYPES.get(single(headers.accept)?.trim());
  if (
    contentType === undefined ||
    !JSON_TYPES.has(contentType.toLowerCase()) ||
    answerType === undefined ||
    contentLength === undefined ||
    !CONTENT_LENGTH.test(contentLength) ||
    Number(contentLength) > maxBodyBytes ||
    headers.origin !== undefined ||
    headers['transfer-encoding'] !== undefined ||
    headers['content-encoding'] !== undefined
  ) {
    return null;
  }
  return { answerType, length: Number(contentLength) };
}

/** The headers of an IncomingMessage as the fetch API's Headers reads them (what yoga's hooks and the context use). */
class IncomingHeaders {
  readonly #raw: IncomingHttpHeaders;

  constructor(raw: IncomingHttpHeaders) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.#raw)[Symbol.iterator]();
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: this) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** The request on the GraphQL context (`context.request`): what yoga's hooks, the context factory and our plugins read of it. */
class IncomingRequestView {
  readonly method = 'POST';
  readonly url: string;
  readonly headers: IncomingHeaders;

  constructor(request: IncomingMessage, path: string) {
    this.url = `http://${request.headers.host ?? 'localhost'}${path}`;
    this.headers = new IncomingHeaders(request.headers);
  }
}

/** The body of a request whose Content-Length is known; rejects when the client goes away first. */
function readBody(request: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => {
      settle();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(new Error('the client closed the connection before the body ended'));
    };
    if (length === 0) {
      resolve(Buffer.alloc(0));
      return;
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** The operation, when the body is a plain one (not a batch, no unknown member); else null. */
function plainParams(body: Buffer): GraphQLParams | null {
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  const { query } = params as { query?: unknown };
  if (typeof query !== 'string') return null;
  for (const name of Object.keys(params)) if (!PARAM_NAMES.has(name)) return null;
  return params as GraphQLParams;
}

async function send(response: ServerResponse, answer: Response, requestId: string): Promise<number> {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers[REQUEST_ID_HEADER] = requestId;
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, headers).end(body);
  return answer.status;
}

export function jsonPostRoute(options: JsonPostRouteOptions): JsonPostRoute {
  const { yoga, authenticator, requestLog, maxBodyBytes, logger } = options;
  const endpoint = yoga.graphqlEndpoint;

  /** Yoga answers the request after all, from the bytes already read (it logs the request itself). */
  async function handOver(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const headers: [string, string][] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
    const url = `http://${request.headers.host ?? 'localhost'}${request.url ?? endpoint}`;
    const answer: Response = await yoga.fetch(url, { method: 'POST', headers, body }, { req: request, res: response });
    const requestId = answer.headers.get(REQUEST_ID_HEADER) ?? '';
    await send(response, answer, requestId);
  }

  async function answer(request: IncomingMessage, response: ServerResponse, view: IncomingRequestView, answerType: string, length: number, requestId: string) {
    let status: number | null = 500;
    try {
      const body = await readBody(request, length);
      const params = plainParams(body);
      if (params === null) {
        status = null;
        await handOver(request, response, body);
        return;
      }
      const result = await yoga.getResultForParams({ params, request: view as unknown as Request }, { req: request, res: response });
      if (isAsyncIterable(result)) {
        // A subscription asked for as JSON: yoga's answer (406), without a stream kept open here.
        await result[Symbol.asyncIterator]().return?.();
        status = null;
        await handOver(request, response, body);
        return;
      }
      const executed = result as ExecutionResult & { stringify?: (result: ExecutionResult) => string };
      if (executed.errors?.length || executed.extensions?.http) {
        status = await send(response, processRegularResult(executed, yoga.fetchAPI, answerType), requestId);
        return;
      }
      // A result given again comes encoded already (reused-results.ts): the same bytes as its text.
      const payload = keptBytes(executed) ?? (executed.stringify ? executed.stringify(executed) : JSON.stringify(executed));
      const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      const headers = { 'Content-Type': `${answerType}; charset=utf-8`, 'content-length': size, [REQUEST_ID_HEADER]: requestId };
      response.writeHead(200, headers).end(payload);
      status = 200;
    } catch (error) {
      if (request.destroyed || response.destroyed) {
        // The client went away mid-body: there is no one to answer.
        response.destroy();
        status = null;
        return;
      }
      logger.error({ err: error }, 'a GraphQL request failed unexpectedly');
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const text = JSON.stringify({ errors: [{ message: 'Unexpected error.' }] });
      const headers = { 'Content-Type': `${answerType}; charset=utf-8`, 'content-length': Buffer.byteLength(text), [REQUEST_ID_HEADER]: requestId };
      response.writeHead(500, headers).end(text);
    } finally {
      if (status === null) requestLog.drop(view);
      else requestLog.finish(view, 'POST', endpoint, status);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse, view: IncomingRequestView, answerType: string, length: number) {
    const requestId = requestLog.begin(view);
    await requestScope.run({ requestId }, async () => {
      // As authenticate-first.ts does before yoga reads a body: a caller without a valid key is
      // yoga's to refuse (401, or 429 once its address is over its allowance), and so is a key
      // the store could not look up (503).
      const identified = await authenticator.identify({ headers: view.headers }).catch(() => null);
      if (identified === null || identified.problem !== undefined) {
        requestLog.drop(view);
        void yoga(request, response);
        return;
      }
      await answer(request, response, view, answerType, length, requestId);
    });
  }

  return (request, response) => {
    const plain = plainJsonPost(request, endpoint, maxBodyBytes);
    if (plain === null) return false;
    const view = new IncomingRequestView(request, endpoint);
    route(request, response, view, plain.answerType, plain.length).catch((error: unknown) => {
      logger.error({ err: error }, 'a GraphQL request failed unexpectedly');
      response.destroy();
    });
    return true;
  };
}
