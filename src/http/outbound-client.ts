/**
 * The gateway's only way out to URLs that users give it. One undici Agent keeps a Pool per
 * origin; its connector enforces the private-address guard on every connection.
 */
import { Agent, request } from 'undici';
import type { AddressGuard } from './address-guard.ts';
import { createGuardedConnector } from './guarded-connector.ts';

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
}

export class OutboundClient {
  readonly #agent: Agent;

  constructor(options: OutboundClientOptions) {
    this.#agent = new Agent({
      connect: createGuardedConnector(options.guard, { connectTimeoutMs: options.connectTimeoutMs }),
      keepAliveTimeout: 10_000,
    });
  }

  /** Sends one POST, never following redirects. Network failures and timeouts reject. */
  async post(post: OutboundPost): Promise<OutboundResponse> {
    const started = performance.now();
    const response = await request(post.url, {
      method: 'POST',
      dispatcher: this.#agent,
      headers: post.headers,
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
      headersTimeout: post.timeoutMs,
      bodyTimeout: post.timeoutMs,
    });
    const body = await readLimited(response.body, RESPONSE_BODY_LIMIT_BYTES);
    return {
      statusCode: response.statusCode,
      headers: response.headers,
      body,
      durationMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
