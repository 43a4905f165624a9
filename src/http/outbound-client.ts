/**
 * The gateway's only way out to URLs that users give it. One undici Agent keeps a Pool per
 * origin; its connector enforces the private-address guard on every connection.
 */
import { Agent, type Dispatcher } from 'undici';
import type { AddressGuard } from './address-guard.ts';
import { BlockedAddressError, createGuardedConnector } from './guarded-connector.ts';

/** Receivers' answers are kept for diagnosis only; more than this is cut. */
export const RESPONSE_BODY_LIMIT_BYTES = 1024;

export interface OutboundResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first RESPONSE_BODY_LIMIT_BYTES of the body, as UTF-8. */
  body: string;
  durationMs: number;
}

export interface OutboundPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface OutboundClientOptions {
  guard: AddressGuard;
  connectTimeoutMs: number;
  /** Told of each request the guard refused, with the address (which the caller's error leaves out): for the log. */
  onBlocked?: (blocked: BlockedAddressError) => void;
}

export class OutboundClient {
  readonly #agent: Agent;
  readonly #onBlocked: (blocked: BlockedAddressError) => void;

  constructor(options: OutboundClientOptions) {
    this.#onBlocked = options.onBlocked ?? (() => {});
    this.#agent = new Agent({
      connect: createGuardedConnector(options.guard, { connectTimeoutMs: options.connectTimeoutMs }),
      keepAliveTimeout: 10_000,
    });
  }

  /**
   * Sends one POST, never following redirects. Network failures and timeouts reject; the
   * deadline covers reading the answer too, not only its arrival. Undici's handler API rather
   * than `request()`: no Readable for the body, no AbortSignal, no promise per step. Measured
   * on loopback, 19 against 31 µs of CPU per request, which matters at thousands a second.
   */
  post(post: OutboundPost): Promise<OutboundResponse> {
    const started = performance.now();
    return new Promise<OutboundResponse>((resolve, reject) => {
      const url = new URL(post.url); // in here, so that a bad URL rejects rather than throws
      const chunks: Buffer[] = [];
      let size = 0;
      let statusCode = 0;
      let headers: OutboundResponse['headers'] = {};
      let controller: Dispatcher.DispatchController | null = null;
      let settled = false;
      const settle = (error: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (error instanceof BlockedAddressError) this.#onBlocked(error);
        if (error) return reject(error);
        const body = Buffer.concat(chunks, Math.min(size, RESPONSE_BODY_LIMIT_BYTES)).toString('utf8');
        resolve({ statusCode, headers, body, durationMs: performance.now() - started });
      };
      const deadline = setTimeout(() => {
        const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        settle(timeout);
        controller?.abort(timeout);
      }, post.timeoutMs);
      this.#agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: post.headers,
          body: post.body,
          headersTimeout: post.timeoutMs,
          bodyTimeout: post.timeoutMs,
        },
        {
          onRequestStart(start) {
            controller = start;
            if (settled) start.abort(new Error('The deadline passed before the request started'));
          },
          onResponseStart(_controller, status, responseHeaders) {
            statusCode = status;
            headers = responseHeaders;
          },
          onResponseData(reading, chunk) {
            chunks.push(chunk);
            size += chunk.length;
            // Enough kept: stop reading (the connection is dropped rather than drained).
            if (size >= RESPONSE_BODY_LIMIT_BYTES) {
              settle(null);
              reading.abort(new Error('The answer was cut at the body limit'));
            }
          },
          onResponseEnd() {
            settle(null);
          },
          onResponseError(_controller, error) {
            settle(error);
          },
        },
      );
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
