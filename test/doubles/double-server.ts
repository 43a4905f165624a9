/**
 * The common machinery of the provider test doubles: a real node:http server on a loopback
 * port, a log of every request (to count calls, e.g. for N+1 checks), and failures that a
 * test injects for the next N matching requests (status, delay, malformed body, reset).
 * Each provider's double supplies only its routes and its own error shape.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: string;
}

export interface InjectedFailure {
  /** Only requests for which this is true are affected; default all. */
  match?: (request: RecordedRequest) => boolean;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Answer with this status and body (JSON-encoded unless a string). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (or before applying the rest of the failure). */
  delayMs?: number;
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
}

export interface DoubleResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: RecordedRequest, params: Record<string, string>) => DoubleResponse | Promise<DoubleResponse>;

export interface Route {
  method: string;
  /** e.g. `/v1/webhooks/:id` */
  pattern: string;
  handler: RouteHandler;
}

function compile(pattern: string): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}/?$`);
}

export class DoubleServer {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #routes: { method: string; regex: RegExp; handler: RouteHandler }[];
  readonly #failures: (InjectedFailure & { remaining: number })[] = [];
  readonly #notFound: (request: RecordedRequest) => DoubleResponse;
  readonly #methodNotAllowed: (request: RecordedRequest) => DoubleResponse;
  readonly #badJson: (request: RecordedRequest) => DoubleResponse;

  constructor(options: {
    routes: Route[];
    /** The provider's answer to an unknown path. */
    notFound: (request: RecordedRequest) => DoubleResponse;
    /** The provider's answer to a known path with the wrong method. */
    methodNotAllowed: (request: RecordedRequest) => DoubleResponse;
    /** The provider's answer to a body that is not JSON. */
    badJson: (request: RecordedRequest) => DoubleResponse;
  }) {
    this.#routes = options.routes.map((r) => ({ method: r.method, regex: compile(r.pattern), handler: r.handler }));
    this.#notFound = options.notFound;
    this.#methodNotAllowed = options.methodNotAllowed;
    this.#badJson = options.badJson;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(port, host, resolve));
    return this;
  }

  get url(): string {
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Makes the next matching request(s) fail as described. */
  inject(failure: InjectedFailure): void {
    this.#failures.push({ ...failure, remaining: failure.times ?? 1 });
  }

  clearFailures(): void {
    this.#failures.length = 0;
  }

  /** Requests seen so far that match, e.g. `count('GET', /^\/webhooks$/)`. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://double');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: undefined,
      rawBody,
    };
    let badJson = false;
    if (rawBody !== '') {
      try {
        request.body = JSON.parse(rawBody);
      } catch {
        badJson = true;
      }
    }
    this.requests.push(request);

    const failure = this.#failures.find((f) => f.remaining > 0 && (f.match?.(request) ?? true));
    if (failure) {
      failure.remaining -= 1;
      if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
      if (failure.reset) {
        req.socket.destroy();
        return;
      }
      if (failure.malformed) {
        this.#send(res, { status: 200, body: '{"this is": not json', headers: { 'content-type': 'application/json' } });
        return;
      }
      if (failure.status !== undefined) {
        this.#send(res, { status: failure.status, body: failure.body, headers: failure.headers });
        return;
      }
    }

    if (badJson) {
      this.#send(res, this.#badJson(request));
      return;
    }
    const matching = this.#routes.filter((r) => r.regex.test(request.path));
    const route = matching.find((r) => r.method === request.method);
    if (!route) {
      this.#send(res, matching.length > 0 ? this.#methodNotAllowed(request) : this.#notFound(request));
      return;
    }
    const params = { ...(route.regex.exec(request.path)?.groups ?? {}) };
    try {
      this.#send(res, await route.handler(request, params));
    } catch (error) {
      this.#send(res, { status: 500, body: { message: `double crashed: ${(error as Error).message}` } });
    }
  }

  #send(res: ServerResponse, response: DoubleResponse): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...response.headers };
    let payload = '';
    if (response.body !== undefined) {
      payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(response.status, headers).end(payload);
  }
}

/** Checks that `body` is an object holding only `allowed` keys and every `required` one. */
export function checkFields(
  body: unknown,
  required: readonly string[],
  allowed: readonly string[],
): { ok: true; value: Record<string, unknown> } | { ok: false; problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: 'body must be a JSON object' };
  const value = body as Record<string, unknown>;
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return { ok: false, problem: `unknown field(s): ${unknown.join(', ')}` };
  const missing = required.filter((k) => value[k] === undefined);
  if (missing.length > 0) return { ok: false, problem: `missing field(s): ${missing.join(', ')}` };
  return { ok: true, value };
}
