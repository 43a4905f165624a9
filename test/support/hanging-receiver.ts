/** A receiver on a real loopback port that accepts every connection and request, and never answers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HangingReceiver {
  /** Requests received, per path. */
  readonly received = new Map<string, number>();
  /** Requests still open (the gateway has not given up on them yet). */
  open = 0;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<HangingReceiver> {
    let receiver: HangingReceiver | undefined;
    const server = createServer((req, res) => {
      const self = receiver;
      if (!self) return;
      const pathname = req.url ?? '/';
      self.received.set(pathname, (self.received.get(pathname) ?? 0) + 1);
      self.open += 1;
      res.once('close', () => (self.open -= 1));
      req.resume(); // read the body, then say nothing
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new HangingReceiver(server);
    return receiver;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${pathname}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
