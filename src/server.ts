/**
 * The HTTP face of the gateway: node:http serving yoga at /graphql (GraphiQL in a browser),
 * /healthz and /readyz, and providers' deliveries at /inbound/<token>, with a graceful stop. Requests and WebSocket upgrades from other sites
 * or host names are refused before yoga sees them (security/cross-site-guard.ts), and
 * connections are bounded (security/connection-limits.ts).
 */
import { createServer, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type App, createApp } from './app.ts';
import { requestPath } from './http/request-path.ts';
import { warmUp } from './warm-up.ts';
import type { Config } from './config.ts';
import { limitConnections } from './security/connection-limits.ts';
import { type CrossSiteGuardOptions, crossSiteRefusal } from './security/cross-site-guard.ts';

export interface RunningGateway {
  app: App;
  server: Server;
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), closes the store. */
  stop(): Promise<void>;
}

export async function startGateway(config: Config): Promise<RunningGateway> {
  const app = await createApp(config);
  const guard: CrossSiteGuardOptions = {
    allowedHosts: config.http.allowedHosts && new Set(config.http.allowedHosts),
    corsOrigins: new Set(config.http.corsOrigins),
    publicOrigin: config.http.publicOrigin,
    graphqlPath: app.yoga.graphqlEndpoint,
    probePaths: new Set(['/healthz', '/readyz']),
  };
  // Header and request timeouts are enforced on this beat (node's default, 30 s, would let idle sockets linger).
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (request, response) => {
    const refusal = crossSiteRefusal(request, guard);
    if (refusal) refuse(response, refusal);
    else app.handleRequest(request, response);
  });
  limitConnections(server, config.http);
  // Keep-alive sockets would hold `server.close()` open; once stopping, each socket is closed
  // as soon as no request is in flight.
  let inFlight = 0;
  let draining = false;
  server.on('request', (_req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (draining && inFlight === 0) server.closeAllConnections();
    });
  });
  const websockets = serveGraphqlWs(app, server, guard, { maxPayload: config.security.maxBodyBytes, initTimeoutMs: config.http.wsInitTimeoutMs });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, listenHost(config), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (config.warmUpEvents > 0) {
    try {
      const result = await warmUp(config.warmUpEvents, startGateway);
      app.logger.info(
        { warmUp: result },
        `Warmed up: ${result.events} events published and ${result.delivered} delivered by a throwaway gateway in ${Math.round(result.ms)} ms` +
          (result.gcMs === null ? '' : `, its garbage collected in ${Math.round(result.gcMs)} ms`),
      );
    } catch (error) {
      app.logger.warn({ err: error }, 'The start-up warm-up failed: serving without it');
    }
  }
  app.markWarm();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      draining = true;
      await websockets.dispose();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight === 0) server.closeAllConnections();
      else server.closeIdleConnections();
      const timeout = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timeout);
      await app.close();
    })();
    return stopping;
  };

  return { app, server, origin: `http://${host}:${address.port}`, stop };
}

/** A request refused before it reaches yoga, answered as a GraphQL error. */
interface Answer {
  status: number;
  code: string;
  message: string;
}

const errorBody = ({ code, message }: Answer) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

function refuse(response: ServerResponse, answer: Answer): void {
  // The request's body is not read: close instead of keeping the connection alive.
  response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(errorBody(answer));
}

function refuseUpgrade(socket: Duplex, answer: Answer): void {
  const body = errorBody(answer);
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Close codes of a refused `connection_init`. */
const NO_KEY = { code: CloseCode.Unauthorized, reason: 'Unauthorized: send the API key in connection_init (Authorization: Bearer <key>)' };
const BAD_KEY = { code: CloseCode.Forbidden, reason: 'Forbidden: the API key is not valid (unknown, revoked or mistyped)' };
const REVOKED = { code: CloseCode.Forbidden, reason: 'Forbidden: the API key was revoked' };

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the same path as HTTP, executed through
 * yoga's envelop so both transports share schema, context and error masking. The upgrade
 * passes the same Host and Origin checks as HTTP; with auth on, `connection_init` must carry a
 * valid key (else 4401/4403), and the connection is closed (4403) once that key is revoked.
 */
function serveGraphqlWs(app: App, server: Server, guard: CrossSiteGuardOptions, options: { maxPayload: number; initTimeoutMs: number }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
  server.on('upgrade', (request, socket, head) => {
    if (requestPath(request.url ?? '/') !== app.yoga.graphqlEndpoint) {
      refuseUpgrade(socket, { status: 404, code: 'NOT_FOUND', message: `WebSocket connections are served at ${app.yoga.graphqlEndpoint}` });
      return;
    }
    const refusal = crossSiteRefusal(request, guard);
    if (refusal) refuseUpgrade(socket, refusal);
    else wss.handleUpgrade(request, socket, head, (websocket) => wss.emit('connection', websocket, request));
  });
  const stopWatching = new WeakMap<object, () => void>();
  return useServer(
    {
      connectionInitWaitTimeout: options.initTimeoutMs,
      onConnect: async (ctx) => {
        const { principal, problem } = await app.authenticator.identify({ connectionParams: ctx.connectionParams ?? {} });
        if (problem) {
          const { code, reason } = problem === 'missing' ? NO_KEY : BAD_KEY;
          ctx.extra.socket.close(code, reason);
          return false;
        }
        stopWatching.set(ctx, app.authenticator.onRevoked(principal, () => ctx.extra.socket.close(REVOKED.code, REVOKED.reason)));
        return true;
      },
      onClose: (ctx) => stopWatching.get(ctx)?.(),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = app.yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
          const errors = validate(schema, document);
          if (errors.length) return errors;
        } catch (error) {
          // Syntax errors and abuse limits are thrown: answer them on this operation, keep the socket.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        let contextValue;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // A missing or refused API key: answer this operation with the error, as over HTTP.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}

/** With authentication off, only this machine may talk to the gateway. */
function listenHost(config: Config): string {
  if (config.auth.enabled) return config.host;
  return isIP(config.host) === 6 ? '::1' : config.host === 'localhost' || config.host.startsWith('127.') || config.host === '::1' ? config.host : '127.0.0.1';
}
