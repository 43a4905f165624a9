/**
 * The benchmark's webhook receiver, run as its own process (`fork`) so it does not share an
 * event loop with the gateway or the load generator. It answers every POST at once (204, or
 * 503 in `fail` mode), except on paths under HANGING_PATH, where it reads the request and never
 * answers (a receiver that hangs); it remembers when each distinct (path, webhook-id) first arrived.
 * The parent drives it over IPC; see `ReceiverCommand` and `ReceiverReply`.
 *
 * Times are `performance.timeOrigin + performance.now()`: sub-millisecond, and comparable with
 * the same expression in the parent process on the same machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HANGING_PATH } from './delivery-receiver-process.ts';

export type ReceiverMode = 'ok' | 'fail';

export type ReceiverCommand =
  | { type: 'mode'; mode: ReceiverMode }
  | { type: 'reset' }
  | { type: 'stats' }
  | { type: 'arrivals'; path: string }
  | { type: 'samples' };

export interface ReceiverStats {
  /** Requests received, duplicates included. */
  requests: number;
  /** Distinct (path, webhook-id) pairs. */
  distinct: number;
  /** Distinct arrivals per second between the 10th and the 90th percentile arrival; null below 100. */
  steadyRate: number | null;
  firstAt: number | null;
  lastAt: number | null;
}

/** The first request seen on a path, kept so the parent can verify its signature. */
export interface ReceivedSample {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type ReceiverReply =
  | { type: 'listening'; port: number }
  | { type: 'done' }
  | { type: 'stats'; stats: ReceiverStats }
  | { type: 'arrivals'; arrivals: Record<string, number> }
  | { type: 'samples'; samples: ReceivedSample[] };

const now = () => performance.timeOrigin + performance.now();

let mode: ReceiverMode = 'ok';
let requests = 0;
/** "path webhook-id" → first arrival. */
let firstArrival = new Map<string, number>();
let arrivalOrder: number[] = [];
let samples = new Map<string, ReceivedSample>();

const server = createServer((req, res) => {
  const at = now();
  requests += 1;
  const path = req.url ?? '/';
  const key = `${path} ${String(req.headers['webhook-id'])}`;
  if (!firstArrival.has(key)) {
    firstArrival.set(key, at);
    arrivalOrder.push(at);
  }
  if (path.startsWith(HANGING_PATH)) {
    req.resume();
    return;
  }
  if (!samples.has(path)) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
      samples.set(path, { path, headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(mode === 'ok' ? 204 : 503).end();
    });
    return;
  }
  req.resume();
  req.on('end', () => res.writeHead(mode === 'ok' ? 204 : 503).end());
});
server.keepAliveTimeout = 60_000;

function stats(): ReceiverStats {
  const n = arrivalOrder.length;
  let steadyRate: number | null = null;
  if (n >= 100) {
    const from = Math.floor(n * 0.1);
    const to = Math.floor(n * 0.9);
    const seconds = (arrivalOrder[to]! - arrivalOrder[from]!) / 1000;
    steadyRate = seconds > 0 ? (to - from) / seconds : null;
  }
  return { requests, distinct: firstArrival.size, steadyRate, firstAt: arrivalOrder[0] ?? null, lastAt: arrivalOrder.at(-1) ?? null };
}

function reply(message: ReceiverReply): void {
  process.send?.(message);
}

process.on('message', (command: ReceiverCommand) => {
  switch (command.type) {
    case 'mode':
      mode = command.mode;
      return reply({ type: 'done' });
    case 'reset':
      requests = 0;
      firstArrival = new Map();
      arrivalOrder = [];
      samples = new Map();
      return reply({ type: 'done' });
    case 'stats':
      return reply({ type: 'stats', stats: stats() });
    case 'arrivals': {
      const prefix = `${command.path} `;
      const arrivals: Record<string, number> = {};
      for (const [key, at] of firstArrival) if (key.startsWith(prefix)) arrivals[key.slice(prefix.length)] = at;
      return reply({ type: 'arrivals', arrivals });
    }
    case 'samples':
      return reply({ type: 'samples', samples: [...samples.values()] });
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => reply({ type: 'listening', port: (server.address() as AddressInfo).port }));
