/**
 * Gives every request an id and logs one line per request. The id is the caller's
 * `x-request-id` when it is sane (1–128 of `A–Z a–z 0–9 . _ : -`), otherwise a fresh UUID; it
 * is sent back as `x-request-id`, put on the GraphQL context (`requestId`, and `log`, which
 * stamps it on every line) and on every line logged while the request is handled (through
 * request-scope.ts and the mixin of `createLogger`). The request line holds method, path (no
 * query string), status, duration, operation name and type, the API key's id and the error
 * codes; never headers, variables or error messages, which may quote secrets.
 */
import { randomUUID } from 'node:crypto';
import { getOperationAST, type DocumentNode } from 'graphql';
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

function recordOperation(state: RequestState | undefined, document: DocumentNode, operationName: string | null | undefined, context: unknown) {
  if (!state) return;
  const operation = getOperationAST(document, operationName);
  state.operationName = operation?.name?.value ?? operationName ?? undefined;
  state.operationType = operation?.operation;
  state.keyId = callerOf(context).keyId ?? undefined;
}

export function useRequestLog(logger: Logger): Plugin<RequestLogContext> {
  const states = new WeakMap<Request, RequestState>();
  // The request line is built from the fixed fields above, none of which can hold a secret, so
  // it skips the censoring of credential paths (most of what a line cost to write).
  const requestLines = logger.child({}, { redact: [] });
  const stateOf = (context: unknown): RequestState | undefined => {
    const request = (context as { request?: unknown } | null)?.request;
    return request instanceof Object ? states.get(request as Request) : undefined;
  };

  return {
    instrumentation: {
      // Runs before every other hook, so requests that a built-in plugin answers early
      // (health checks, GraphiQL) are timed too.
      request({ request }, wrapped) {
        const id = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
        states.set(request, { id, startedAt: performance.now() });
        return requestScope.run({ requestId: id }, wrapped);
      },
    },
    onContextBuilding({ context, extendContext }) {
      // Operations over WebSocket have no HTTP request of their own: they get an id here, and
      // a child logger that stamps it (within an HTTP request the logger's mixin does).
      const requestId = stateOf(context)?.id ?? randomUUID();
      const inScope = requestScope.getStore()?.requestId === requestId;
      extendContext({ requestId, log: inScope ? logger : logger.child({ requestId }) });
    },
    onExecute({ args }) {
      recordOperation(stateOf(args.contextValue), args.document, args.operationName, args.contextValue);
    },
    onSubscribe({ args }) {
      recordOperation(stateOf(args.contextValue), args.document, args.operationName, args.contextValue);
    },
    onExecutionResult({ request, result }) {
      const state = states.get(request);
      if (!state || !result || Symbol.asyncIterator in result) return;
      const codes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'UNCODED'));
      if (codes.length > 0) state.errorCodes = [...(state.errorCodes ?? []), ...codes];
    },
    onResponse({ request, response }) {
      const state = states.get(request) ?? { id: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)), startedAt: null };
      states.delete(request);
      response.headers.set(REQUEST_ID_HEADER, state.id);
      const path = withoutSourceToken(requestPath(request.url));
      const line = {
        requestId: state.id,
        method: request.method,
        path,
        status: response.status,
        ...(state.startedAt === null ? {} : { durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10 }),
        ...(state.operationType ? { operationType: state.operationType } : {}),
        ...(state.operationName ? { operationName: state.operationName } : {}),
        ...(state.keyId ? { keyId: state.keyId } : {}),
        ...(state.errorCodes ? { errorCodes: state.errorCodes } : {}),
      };
      if (response.status >= 500) requestLines.error(line, 'request failed');
      else if (QUIET_PATHS.has(path)) requestLines.debug(line, 'request');
      else requestLines.info(line, 'request');
    },
  };
}
