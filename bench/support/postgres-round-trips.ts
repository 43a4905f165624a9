/**
 * A loopback TCP relay in front of PostgreSQL that counts round trips: every simple Query ('Q')
 * and every Sync ('S', the end of an extended-protocol exchange) a client sends is one wait for
 * the server. It counts what really goes over the wire, whatever the client library batches or
 * pipelines, without pg_stat_statements (which needs a server restart to load).
 */
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

export class RoundTripCounter {
  /** Queries and Syncs relayed so far, over every connection. */
  count = 0;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();

  private constructor(server: net.Server) {
    this.#server = server;
  }

  /** Relays a free loopback port to `target` (host:port of PostgreSQL). */
  static async start(target: { host: string; port: number }): Promise<RoundTripCounter> {
    const server = net.createServer();
    const counter = new RoundTripCounter(server);
    server.on('connection', (client) => counter.#track(client, net.connect(target.port, target.host)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counter;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  #track(client: net.Socket, upstream: net.Socket): void {
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.pipe(client);
    let startup = true;
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      for (;;) {
        if (startup) {
          // Untyped: int32 length, int32 code. An SSL or GSS request is followed by the real startup.
          if (pending.length - at < 8) break;
          const length = pending.readInt32BE(at);
          const code = pending.readInt32BE(at + 4);
          if (pending.length - at < length) break;
          at += length;
          if (code !== SSL_REQUEST && code !== GSS_REQUEST) startup = false;
          continue;
        }
        if (pending.length - at < 5) break;
        const type = pending[at];
        const length = pending.readInt32BE(at + 1);
        if (pending.length - at < length + 1) break;
        if (type === 0x51 /* Q */ || type === 0x53 /* S */) this.count += 1;
        at += length + 1;
      }
      pending = at === pending.length ? Buffer.alloc(0) : pending.subarray(at);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
