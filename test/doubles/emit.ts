/**
 * The doubles' control call `POST /_control/emit {"event": "<type>", "data"?: {...}, "repeat"?: n}`:
 * sends one event, signed as that provider signs its deliveries (per NOTES.md), to every
 * webhook registered on the double for that event, and answers what each target replied.
 * `repeat` sends the very same request again (a provider's retry). Not a provider endpoint:
 * it is how a test, or someone trying Hookgate with `npm run mock:upstreams`, makes a
 * provider "happen".
 */
import type { DoubleResponse, RecordedRequest, Route } from './double-server.ts';

/** One signed request to one registered URL. */
export interface EmitTarget {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface EmitRequest {
  event: string;
  /** Replaces the double's sample business object. */
  data: unknown;
}

export interface EmitDelivery {
  url: string;
  status: number | null;
  error: string | null;
  responseBody: string | null;
}

async function send(target: EmitTarget): Promise<EmitDelivery> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: target.body,
      signal: AbortSignal.timeout(10_000),
    });
    return { url: target.url, status: response.status, error: null, responseBody: (await response.text()).slice(0, 1024) };
  } catch (error) {
    return { url: target.url, status: null, error: (error as Error).message, responseBody: null };
  }
}

/** The emit route of a double: `targets` builds the signed requests for one event. */
export function emitRoute(targets: (request: EmitRequest) => EmitTarget[]): Route {
  return {
    method: 'POST',
    pattern: '/_control/emit',
    handler: async (request: RecordedRequest): Promise<DoubleResponse> => {
      const body = (request.body ?? {}) as { event?: unknown; data?: unknown; repeat?: unknown };
      if (typeof body.event !== 'string' || body.event === '') {
        return { status: 400, body: { message: 'send {"event": "<event type>"} (optionally "data" and "repeat")' } };
      }
      const repeat = typeof body.repeat === 'number' && Number.isInteger(body.repeat) && body.repeat > 0 ? Math.min(body.repeat, 10) : 1;
      const built = targets({ event: body.event, data: body.data });
      const deliveries: EmitDelivery[] = [];
      for (let i = 0; i < repeat; i += 1) deliveries.push(...(await Promise.all(built.map(send))));
      return { status: 200, body: { event: body.event, targets: built.length, deliveries, sent: built } };
    },
  };
}
