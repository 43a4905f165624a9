/**
 * Gives every request an id and logs one line per request. The id is the caller's
 * `x-request-id` when it is sane (1–128 of `A–Z a–z 0–9 . _ : -`), otherwise a fresh UUID; it
 * is sent back as `x-request-id`, put on the GraphQL context (`requestId`, and `log`, which
 * stamps it on every line) and on every line logged while the request is handled (through
 * request-scope.ts and the mixin of `createLogger`). The request line holds method, path (no
 * query string), status, duration, operation name and type, the API key's id and the error
 * codes; never headers, variables or error messages, which may quote secrets.
 *
 * RequestLog keeps what a request's line is made of; useRequestLog feeds it from yoga's hooks,
 * and routes answered before yoga (execution/json-post-route.ts) feed it themselves.
 */
import { randomUUID } from 'node:crypto';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { requestPath } from '../http/request-path.ts';
import { withoutSourceToken } from '../inbound/source-token.ts';
import { callerOf } from '../security/caller.ts';
import type { Logger } from './logger.ts';
import { requestScope } from './request-scope.ts';

/** What this plugin adds to the GraphQL context. */
export interface RequestLogContext {
  requestId: string;
  log: Logger;
}

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's id when it is safe to echo and to log, else a new one. */
export function requestIdFrom(header: string | null): string {
  return header !== null && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Probes and scrapes would drown the log at info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface RequestState {
  id: string;
  /** null when the request was not seen arriving. */
  startedAt: number | null;
  operationName?: string;
  operationType?: string;
  keyId?: string;
  errorCodes?: string[];
}

/** A request as far as its log line needs it: its headers (for `x-request-id`) and, for the yoga path, its URL and method. */
interface LoggedRequest {
  headers: { get(name: string): string | null };
}

/** The lines of requests in progress, keyed by their request object (the one on the GraphQL context). */
export class RequestLog {
  readonly #states = new WeakMap<object, RequestState>();
  readonly #logger: Logger;
  /** The request line is built from the fixed fields above, none of which can hold a secret, so
   * it skips the censoring of credential paths (most of what a line cost to write). */
  readonly #lines: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.#lines = logger.child({}, { redact: [] });
  }

  /** Starts the request's clock and gives it its id. */
  begin(request: LoggedRequest): string {
    const id = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    this.#states.set(request, { id, startedAt: performance.now() });
    return id;
  }

  /** What the context gets: the id, and a logger that stamps it when the request scope does not. */
  contextFields(context: unknown): RequestLogContext {
    // Operations over WebSocket have no HTTP request of their own: they get an id here, and
    // a child logger that stamps it (within an HTTP request the logger's mixin does).
    const requestId = this.#stateOf(context)?.id ?? randomUUID();
    const inScope = requestScope.getStore()?.requestId === requestId;
    return { requestId, log: inScope ? this.#logger : this.#logger.child({ requestId }) };
  }

  recordOperation(document: DocumentNode, operationName: string | null | undefined, context: unknown): void {
    const state = this.#stateOf(context);
    if (!state) return;
    const operation = getOperationAST(document, operationName);
    state.operationName = operation?.name?.value ?? operationName ?? undefined;
    state.operationType = operation?.operation;
    state.keyId = callerOf(context).keyId ?? undefined;
  }

  recordResult(request: object, result: ExecutionResult): void {
    const state = this.#states.get(request);
    if (!state || !result.errors?.length) return;
    const codes = result.errors.map((error) => String(error.extensions?.code ?? 'UNCODED'));
    state.errorCodes = [...(state.errorCodes ?? []), ...codes];
  }

  /** Writes the request's line; returns its id, for the `x-request-id` header. */
  finish(request: LoggedRequest, method: string, path: string, status: number): string {
    const state = this.#states.get(request) ?? { id: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)), startedAt: null };
    this.#states.delete(request);
    const line = {
      requestId: state.id,
      method,
      path,
      status,
      ...(state.startedAt === null ? {} : { durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10 }),
      ...(state.operationType ? { operationType: state.operationType } : {}),
      ...(state.operationName ? { operationName: state.operationName } : {}),
      ...(state.keyId ? { keyId: state.keyId } : {}),
      ...(state.errorCodes ? { errorCodes: state.errorCodes } : {}),
    };
    if (status >= 500) this.#lines.error(line, 'request failed');
    else if (QUIET_PATHS.has(path)) this.#lines.debug(line, 'request');
    else this.#lines.info(line, 'request');
    return state.id;
  }

  /** Forgets a request that another handler takes over (and logs). */
  drop(request: object): void {
    this.#states.delete(request);
  }

  #stateOf(context: unknown): RequestState | undefined {
    const request = (context as { request?: unknown } | null)?.request;
    return request instanceof Object ? this.#states.get(request) : undefined;
  }
}

export function useRequestLog(log: RequestLog): Plugin<RequestLogContext> {
  return {
    instrumentation: {
      // Runs before every other hook, so requests that a built-in plugin answers early
      // (health checks, GraphiQL) are timed too.
      request({ request }, wrapped) {
        return requestScope.run({ requestId: log.begin(request) }, wrapped);
      },
    },
    onContextBuilding({ context, extendContext }) {
      extendContext(log.contextFields(context));
    },
    onExecute({ args }) {
      log.recordOperation(args.document, args.operationName, args.contextValue);
    },
    onSubscribe({ args }) {
      log.recordOperation(args.document, args.operationName, args.contextValue);
    },
    onExecutionResult({ request, result }) {
      if (!result || Symbol.asyncIterator in result) return;
      log.recordResult(request, result);
    },
    onResponse({ request, response }) {
      const path = withoutSourceToken(requestPath(request.url));
      response.headers.set(REQUEST_ID_HEADER, log.finish(request, request.method, path, response.status));
    },
  };
}
