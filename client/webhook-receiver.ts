/**
 * Receiving what Hookgate sends: Standard Webhooks signatures checked with the
 * `standardwebhooks` package, against the endpoint's secret (`whsec_…`, shown when the
 * endpoint was created or its secret rotated).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** One verified delivery. The same `id` arrives again on a retry: dedupe on it. */
export interface ReceivedWebhook {
  /** The `webhook-id` header: the published event's id. */
  id: string;
  /** The event type, e.g. "invoice.paid". */
  type: string;
  /** When the event was published (ISO 8601). */
  timestamp: string;
  /** The payload given to `publishEvent`. */
  data: unknown;
}

/**
 * Verifies a delivery's raw body and headers; throws (the `standardwebhooks` error) when the
 * signature, timestamp or headers do not verify.
 */
export function verifyWebhook(secret: string, body: string, headers: Record<string, string | string[] | undefined>): ReceivedWebhook {
  const flat = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : (value ?? '')]));
  const payload = new Webhook(secret).verify(body, flat) as { type: string; timestamp: string; data: unknown };
  return { id: flat['webhook-id'] ?? '', type: payload.type, timestamp: payload.timestamp, data: payload.data };
}

export interface ReceiverOptions {
  /** The endpoint's secret. */
  secret: string;
  /** Called once per verified delivery, before the 204 answer. */
  onWebhook(webhook: ReceivedWebhook): void | Promise<void>;
  /** Called when a request does not verify (it is answered 401). */
  onRejected?(reason: string): void;
  /** Largest body accepted; default 1 MiB (Hookgate's payload limit is 256 KiB). */
  maxBodyBytes?: number;
}

/** A node:http request handler: 204 for a verified delivery, 401 for anything else. */
export function webhookReceiver(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let webhook: ReceivedWebhook;
      try {
        webhook = verifyWebhook(options.secret, Buffer.concat(chunks).toString('utf8'), req.headers);
      } catch (error) {
        options.onRejected?.((error as Error).message);
        res.writeHead(401, { 'content-type': 'text/plain' }).end('signature verification failed');
        return;
      }
      Promise.resolve(options.onWebhook(webhook)).then(
        () => res.writeHead(204).end(),
        () => res.writeHead(500).end(),
      );
    });
  };
}
