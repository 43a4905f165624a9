/**
 * A bounded flood of idle sockets (2,000, far below this machine's descriptor limit) against a
 * real gateway process: it holds at most its configured connections in all and per client
 * address, closes the idle ones after the headers timeout, and keeps answering a keyed client
 * throughout.
 */
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnGatewayWithKey } from './support/child-gateway.ts';
import { waitFor } from './support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MAX_CONNECTIONS = 600;
const PER_ADDRESS = 200;
/** Flooding addresses (all loopback) and sockets from each: 2,000 in all. */
const FLOODERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
const SOCKETS_EACH = 400;

interface FloodSocket {
  socket: Socket;
  from: string;
  closed: boolean;
}

function openIdle(port: number, from: string): Promise<FloodSocket> {
  return new Promise((resolve) => {
    const entry: FloodSocket = { socket: connect({ host: '127.0.0.1', port, localAddress: from }), from, closed: false };
    entry.socket.on('error', () => {});
    entry.socket.once('close', () => (entry.closed = true));
    entry.socket.once('connect', () => resolve(entry));
    entry.socket.once('close', () => resolve(entry));
  });
}

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

describe('a flood of idle connections', () => {
  it('is capped in all and per address, timed out, and a keyed client keeps getting answers', async () => {
    const { child, token, stop } = await spawnGatewayWithKey(
      {
        HOOKGATE_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
        HOOKGATE_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
        HOOKGATE_HEADERS_TIMEOUT_MS: '4000',
        // The keyed client asks as fast as it can; its answers, not its allowance, are under test.
        HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
      },
      ['admin'],
    );
    cleanups.push(stop);
    const pid = child.process.pid!;
    const baselineFds = openFds(pid);

    // The keyed client's connection is open before the flood and is kept alive through it.
    const keyed = new Client(child.origin, { keepAliveTimeout: 60_000 });
    cleanups.push(() => keyed.close());
    let answered = 0;
    const ask = async () => {
      const response = await keyed.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ providers { name } }' }),
      });
      expect(response.statusCode).toBe(200);
      await response.body.json();
      answered += 1;
    };
    await ask();

    const port = Number(new URL(child.origin).port);
    const flood: FloodSocket[] = [];
    cleanups.push(() => flood.forEach((entry) => entry.socket.destroy()));
    let flooding = true;
    const asking = (async () => {
      while (flooding) await ask();
    })();
    for (const from of FLOODERS) {
      flood.push(...(await Promise.all(Array.from({ length: SOCKETS_EACH }, () => openIdle(port, from)))));
      await ask();
    }
    // Whatever the gateway refused it closes at once; it holds no more than its caps.
    await waitFor(() => flood.filter((entry) => !entry.closed).length <= MAX_CONNECTIONS, 20_000);
    const held = flood.filter((entry) => !entry.closed);
    expect(held.length).toBeGreaterThan(0);
    for (const from of FLOODERS) expect(held.filter((entry) => entry.from === from).length).toBeLessThanOrEqual(PER_ADDRESS);
    expect(openFds(pid)).toBeLessThanOrEqual(baselineFds + MAX_CONNECTIONS + 20);
    const answeredDuringFlood = answered;
    await ask();

    // Sockets that never send a request are closed after the headers timeout.
    await waitFor(() => flood.every((entry) => entry.closed), 30_000, 200);
    flooding = false;
    await asking;
    expect(answeredDuringFlood).toBeGreaterThan(FLOODERS.length);
    await ask();
    expect(openFds(pid)).toBeLessThanOrEqual(baselineFds + 20);
  }, 90_000);
});
