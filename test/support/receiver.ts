/**
 * A webhook receiver on a real loopback port. It verifies Standard Webhooks signatures with
 * the `standardwebhooks` package, as a customer's receiver would, and answers 401 when the
 * signature does not verify.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  /** Path and query the request was sent to. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  /** When the whole request had arrived (`performance.now()` of this process). */
  receivedAt: number;
}

export interface ReceiverOptions {
  /** Verify with this secret; without one every request is accepted unverified. */
  secret?: string;
  /** Answer with this status (after verification succeeds); default 204. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer only once this has settled (a request held open for as long as a test wants). */
  holdUntil?: Promise<unknown>;
  responseBody?: string;
  /** Decides the answer per request (after verification); overrides `status`. */
  respond?: (request: ReceivedRequest, index: number) => { status: number; headers?: Record<string, string> };
}

export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Requests that arrived while another one with the same webhook-id and path was still being answered. */
  overlaps = 0;
  readonly #inFlightMessages = new Set<string>();
  options: ReceiverOptions;
  readonly #server: Server;

  private constructor(server: Server, options: ReceiverOptions) {
    this.#server = server;
    this.options = options;
  }

  static async start(options: ReceiverOptions = {}, host = '127.0.0.1'): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const opts = receiver?.options ?? {};
        if (receiver) {
          const self = receiver;
          const message = `${String(req.headers['webhook-id'])} ${req.url}`;
          if (self.#inFlightMessages.has(message)) self.overlaps += 1;
          self.#inFlightMessages.add(message);
          self.inFlight += 1;
          self.maxInFlight = Math.max(self.maxInFlight, self.inFlight);
          res.once('close', () => {
            self.inFlight -= 1;
            self.#inFlightMessages.delete(message);
          });
        }
        let verified = false;
        if (opts.secret) {
          try {
            new Webhook(opts.secret).verify(body, req.headers as Record<string, string>);
            verified = true;
          } catch {
            verified = false;
          }
        }
        const request = { url: req.url ?? '/', headers: req.headers, body, verified, receivedAt: performance.now() };
        receiver?.requests.push(request);
        const index = (receiver?.requests.length ?? 1) - 1;
        const answer = () => {
          if (opts.secret && !verified) {
            res.writeHead(401, { 'content-type': 'text/plain' }).end('signature verification failed');
            return;
          }
          const decided = opts.respond?.(request, index);
          res.writeHead(decided?.status ?? opts.status ?? 204, decided?.headers).end(opts.responseBody);
        };
        if (opts.holdUntil) void opts.holdUntil.finally(answer);
        else if (opts.delayMs) setTimeout(answer, opts.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    receiver = new Receiver(server, options);
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Distinct `webhook-id`s received with a 2xx-worthy verification (or all, without a secret). */
  uniqueMessageIds(): Set<string> {
    return new Set(this.requests.map((r) => String(r.headers['webhook-id'])));
  }

  url(pathname = '/webhooks', host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${pathname}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
