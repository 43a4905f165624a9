/**
 * The HTTP face of the gateway: node:http serving yoga at /graphql (GraphiQL in a browser),
 * /healthz and /readyz, with a graceful stop.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type App, createApp } from './app.ts';
import type { Config } from './config.ts';

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
  const server = createServer(app.yoga);
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
  const websockets = serveGraphqlWs(app, server, config.security.maxBodyBytes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, listenHost(config), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

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

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the same path as HTTP, executed through
 * yoga's envelop so both transports share schema, context and error masking.
 */
function serveGraphqlWs(app: App, server: Server, maxPayload: number) {
  const wss = new WebSocketServer({ server, path: app.yoga.graphqlEndpoint, maxPayload });
  return useServer(
    {
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
