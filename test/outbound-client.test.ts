import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AddressGuard, parseCidr } from '../src/http/address-guard.ts';
import { OutboundClient, RESPONSE_BODY_LIMIT_BYTES } from '../src/http/outbound-client.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(guard = new AddressGuard([parseCidr('127.0.0.0/8')])): OutboundClient {
  const outbound = new OutboundClient({ guard, connectTimeoutMs: 1_000 });
  cleanups.push(() => outbound.close());
  return outbound;
}

/** A loopback server answering with `handle`; returns its base URL. */
async function serve(handle: http.RequestListener): Promise<string> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, timeoutMs = 2_000) => ({ url, headers: { 'content-type': 'application/json', 'x-test': 'yes' }, body: '{"a":1}', timeoutMs });

describe('OutboundClient.post', () => {
  it('sends the body and headers, and returns the status, the headers and the answer', async () => {
    let received: { method?: string; url?: string; header?: string | string[]; body: string } = { body: '' };
    const base = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received = { method: request.method, url: request.url, header: request.headers['x-test'], body };
        response.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' }).end('slow down');
      });
    });
    const response = await client().post(post(`${base}/hooks/in?x=1`));
    expect(received).toEqual({ method: 'POST', url: '/hooks/in?x=1', header: 'yes', body: '{"a":1}' });
    expect(response).toMatchObject({ statusCode: 429, body: 'slow down' });
    expect(response.headers['retry-after']).toBe('7');
    expect(response.durationMs).toBeGreaterThan(0);
  });

  it(`keeps only the first ${RESPONSE_BODY_LIMIT_BYTES} bytes of a large answer, without reading it all`, async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200);
      // Ten megabytes, written as long as the client reads.
      let left = 10 * 1024;
      const more = () => {
        while (left > 0) {
          left -= 1;
          if (!response.write('y'.repeat(1024))) return void response.once('drain', more);
        }
        response.end();
      };
      more();
    });
    const response = await client().post(post(base));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('y'.repeat(RESPONSE_BODY_LIMIT_BYTES));
  });

  it('does not follow redirects', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/moved') response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(500).end('followed');
    });
    const response = await client().post(post(`${base}/moved`));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
  });

  it('times out as a whole, also when the headers came in time but the body does not', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200);
      response.write('partial'); // and never ends
    });
    const started = performance.now();
    await expect(client().post(post(base, 300))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('rejects a refused connection and an address the guard refuses', async () => {
    const base = await serve((_request, response) => response.end());
    const port = new URL(base).port;
    await cleanups.pop()!(); // the server is gone: its port refuses connections
    await expect(client().post(post(`http://127.0.0.1:${port}/`))).rejects.toThrow();
    await expect(client(new AddressGuard([])).post(post('http://127.0.0.1:9/'))).rejects.toThrow(/private|loopback|not allowed|refused/i);
  });
});
