/**
 * One HTTP exchange on an undici Pool, its body read as text, through `dispatch` with a handler
 * that collects the chunks. undici's `request()` wraps each response in a stream whose objects,
 * and the text read from it, survive young-generation GCs until a full one: at hundreds of
 * listings a second every answer was copied into the old generation (bench/proxy). This keeps
 * nothing once the answer is handed over.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

export interface TextResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface TextRequest {
  method: Dispatcher.HttpMethod;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Rejects with the signal's reason once it aborts, and with undici's error when the exchange fails. */
export function requestText(dispatcher: Dispatcher, request: TextRequest, signal: AbortSignal): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let controller: Dispatcher.DispatchController | null = null;
    const onAbort = () => {
      const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (controller) controller.abort(reason);
      else reject(reason);
    };
    const done = () => signal.removeEventListener('abort', onAbort);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    dispatcher.dispatch(
      { method: request.method, path: request.path, headers: request.headers, body: request.body ?? null },
      {
        onRequestStart(started) {
          controller = started;
          if (signal.aborted) started.abort(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
          size += chunk.length;
        },
        onResponseEnd() {
          done();
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          resolve({ status, headers, text: body.toString('utf8') });
        },
        onResponseError(_controller, error) {
          done();
          reject(error);
        },
      },
    );
  });
}
