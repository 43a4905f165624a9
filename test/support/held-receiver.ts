/**
 * A webhook receiver that can hold its answers: requests arrive and are counted at once, and are
 * answered 204 only when released. Lets a test keep attempts in flight while it breaks the store.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HeldReceiver {
  /** Requests per `webhook-id`: more than one means a message was sent again. */
  readonly received = new Map<string, number>();
  #holding = false;
  readonly #held: ServerResponse[] = [];
  readonly #server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      this.received.set(id, (this.received.get(id) ?? 0) + 1);
      if (this.#holding) this.#held.push(res);
      else res.writeHead(204).end();
    });
  });

  static async start(): Promise<HeldReceiver> {
    const receiver = new HeldReceiver();
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks`;
  }

  get heldCount(): number {
    return this.#held.length;
  }

  /** Messages that arrived more than once. */
  duplicates(): string[] {
    return [...this.received].filter(([, count]) => count > 1).map(([id]) => id);
  }

  hold(): void {
    this.#holding = true;
  }

  /** Answers every held request and stops holding. */
  release(): void {
    this.#holding = false;
    for (const res of this.#held.splice(0)) res.writeHead(204).end();
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
