/** A graphql-ws client of a real gateway, authenticated with `key` when given (connection params). */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export function wsClient(origin: string, key?: string): Client {
  return createClient({
    url: `${origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    ...(key === undefined ? {} : { connectionParams: { authorization: `Bearer ${key}` } }),
    lazy: false,
  });
}
