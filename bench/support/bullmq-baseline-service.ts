/**
 * The baseline of bench/delivery's publish+deliver phases: webhooks sent the way a team would
 * build them on BullMQ, as one service process. A plain node:http `POST /publish` takes
 * `{"events": [{"type", "payload"}, …]}`, queues one job per event and endpoint with `addBulk`
 * and answers 202 once Redis has them; a BullMQ worker of concurrency 256 signs each message
 * with the `standardwebhooks` package and POSTs it with undici, retrying failures with backoff.
 *
 *   REDIS_URL=redis://127.0.0.1:PORT ENDPOINTS='[{"url","secret"}]' [AUTORUN=false] node bench/support/bullmq-baseline-service.ts
 *
 * With AUTORUN=false the worker waits for `POST /run`: the drain phase queues a backlog first,
 * then lets the worker empty it at full speed (BullMQ's `autorun: false` and `worker.run()`).
 *
 * Prints "BullMQ baseline listening on <url>" once ready; SIGTERM stops it.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, Worker } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';

interface Endpoint {
  url: string;
  secret: string;
}

interface WebhookJob {
  endpoint: number;
  id: string;
  body: string;
}

const QUEUE = 'webhooks';
const CONCURRENCY = 256;

const redisUrl = new URL(process.env.REDIS_URL ?? '');
const connection = { host: redisUrl.hostname, port: Number(redisUrl.port), maxRetriesPerRequest: null };
const endpoints = JSON.parse(process.env.ENDPOINTS ?? '[]') as Endpoint[];
const signers = endpoints.map((endpoint) => new Webhook(endpoint.secret));

const queue = new Queue<WebhookJob>(QUEUE, {
  connection,
  defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: 10_000 },
});

const worker = new Worker<WebhookJob>(
  QUEUE,
  async (job) => {
    const { endpoint, id, body } = job.data;
    const now = new Date();
    const response = await request(endpoints[endpoint]!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signers[endpoint]!.sign(id, now, body),
      },
      body,
    });
    await response.body.dump();
    if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`HTTP ${response.statusCode}`);
  },
  { connection, concurrency: CONCURRENCY, autorun: process.env.AUTORUN !== 'false' },
);
worker.on('error', (error) => console.error('worker error', error));

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/run') {
    if (!worker.isRunning()) void worker.run();
    res.writeHead(202).end();
    return;
  }
  if (req.method !== 'POST' || req.url !== '/publish') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let events: { type: string; payload: unknown }[];
    try {
      ({ events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: { type: string; payload: unknown }[] });
    } catch {
      res.writeHead(400).end();
      return;
    }
    const timestamp = new Date().toISOString();
    const ids: string[] = [];
    const jobs = events.flatMap((event) => {
      const id = `msg_${randomUUID()}`;
      ids.push(id);
      const body = JSON.stringify({ type: event.type, timestamp, data: event.payload });
      return endpoints.map((_, endpoint) => ({ name: event.type, data: { endpoint, id, body } }));
    });
    queue.addBulk(jobs).then(
      () => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ ids })),
      (error: unknown) => {
        console.error('addBulk failed', error);
        res.writeHead(503).end();
      },
    );
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`BullMQ baseline listening on http://127.0.0.1:${port}`);
});

process.once('SIGTERM', () => {
  server.close();
  void Promise.all([worker.close(), queue.close()]).then(() => process.exit(0));
});
