/**
 * bench/delivery-postgres — issue 5's target: deliveries/s of 1 and of 3 gateway instances
 * sharing one PostgreSQL store, and the ratio (target: 3 instances >= 2.2x one).
 * Run: `node bench/delivery-postgres.ts [--events=1500] [--endpoints=10]` (PostgreSQL at
 * TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 *
 * For each instance count: a fresh schema gets `endpoints` endpoints and a backlog of
 * `events` events (one delivery per endpoint each), written with the store itself while no
 * gateway runs; then the instances start (child processes, run as `npm start` runs them) and drain it
 * into a loopback receiver in this process that answers 204. Deliveries/s is the rate of
 * distinct (endpoint, webhook-id) arrivals between the 10th and the 90th percentile arrival.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SecretBox } from '../src/crypto/secret-box.ts';
import { generateSecret } from '../src/signing/standard-webhooks.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { mapWithConcurrency } from '../src/util/map-with-concurrency.ts';
import { sortableId } from '../src/util/sortable-id.ts';
import { type ChildGateway, spawnGateway } from '../test/support/child-gateway.ts';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';
import { tempDataDir } from '../test/support/gateway.ts';
import { Receiver } from '../test/support/receiver.ts';

const TARGET_RATIO = 2.2;
const DRAIN_TIMEOUT_MS = 180_000;
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '1500' }, endpoints: { type: 'string', default: '10' } },
});
const EVENTS = Number(args.events);
const ENDPOINTS = Number(args.endpoints);
if (!(EVENTS > 0 && ENDPOINTS > 0)) throw new Error('--events and --endpoints must be positive');

async function prepare(schema: string, secretKey: Buffer, urlOf: (path: string) => string): Promise<number> {
  const store = await PostgresStore.open({ connectionString: POSTGRES_URL, schema, maxConnections: 16 });
  try {
    const box = new SecretBox(secretKey);
    const now = new Date();
    await store.insertEventType({
      tenant: 'default',
      name: 'bench.order',
      title: null,
      description: null,
      category: null,
      schema: null,
      example: null,
      createdAt: now,
      updatedAt: now,
    });
    for (let i = 0; i < ENDPOINTS; i++) {
      await store.insertEndpoint({
        id: sortableId('ep'),
        tenant: 'default',
        url: urlOf(`/e${i}`),
        name: null,
        events: ['*'],
        active: true,
        isTest: false,
        secret: box.seal(generateSecret()),
        previousSecret: null,
        previousSecretExpiresAt: null,
        disabledReason: null,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    const results = await mapWithConcurrency(Array.from({ length: EVENTS }, (_, i) => i), 16, async (i) => {
      const outcome = await store.publishEvent({
        event: {
          id: sortableId('msg'),
          tenant: 'default',
          eventType: 'bench.order',
          payload: { orderId: `o_${i}`, total: i },
          idempotencyKey: null,
          createdAt: new Date(),
        },
        idempotentSince: new Date(0),
        newDeliveryId: () => sortableId('dlv'),
      });
      return outcome.deliveries.length;
    });
    return results.reduce((sum, n) => sum + n, 0);
  } finally {
    await store.close();
  }
}

async function run(instances: number): Promise<{ rate: number; total: number; seconds: number }> {
  const schema = `hookgate_bench_${randomBytes(5).toString('hex')}`;
  const secretKey = randomBytes(32);
  const receiver = await Receiver.start({ status: 204 });
  const arrivals: number[] = [];
  const seen = new Set<string>();
  receiver.options.respond = (request) => {
    const key = `${String(request.headers['webhook-id'])} ${request.url}`;
    if (!seen.has(key)) {
      seen.add(key);
      arrivals.push(performance.now());
    }
    return { status: 204 };
  };
  const data = tempDataDir();
  const gateways: ChildGateway[] = [];
  try {
    const total = await prepare(schema, secretKey, (path) => receiver.url(path));
    for (let i = 0; i < instances; i++) {
      const gateway = spawnGateway({
        DATA_DIR: data.dir,
        DATABASE_URL: POSTGRES_URL,
        DATABASE_SCHEMA: schema,
        HOOKGATE_SECRET_KEY: secretKey.toString('base64'),
        HOOKGATE_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
        HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'info',
      }, asStarted);
      gateways.push(gateway);
    }
    await Promise.all(gateways.map((gateway) => (gateway as ChildGateway & { ready: Promise<void> }).ready));
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (seen.size < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (seen.size < total) throw new Error(`only ${seen.size} of ${total} deliveries arrived within ${DRAIN_TIMEOUT_MS} ms`);
    const from = arrivals[Math.floor(total * 0.1)]!;
    const to = arrivals[Math.floor(total * 0.9)]!;
    const seconds = (to - from) / 1000;
    return { rate: (Math.floor(total * 0.9) - Math.floor(total * 0.1)) / seconds, total, seconds };
  } finally {
    for (const gateway of gateways) gateway.process.kill('SIGKILL');
    await Promise.all(gateways.map((gateway) => gateway.exited));
    await receiver.close();
    data.remove();
    await PostgresStore.dropSchema(POSTGRES_URL, schema);
  }
}

const hardStop = setTimeout(() => {
  console.error('bench/delivery-postgres: gave up after 10 minutes');
  process.exit(2);
}, 600_000);
hardStop.unref();

console.log(`bench/delivery-postgres: ${EVENTS} events x ${ENDPOINTS} endpoints per run, PostgreSQL ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')}`);
const asStarted = buildGatewayAsStarted();
const one = await run(1);
console.log(`1 instance : ${Math.round(one.rate)} deliveries/s (${one.total} deliveries)`);
const three = await run(3);
console.log(`3 instances: ${Math.round(three.rate)} deliveries/s (${three.total} deliveries)`);
const ratio = three.rate / one.rate;
console.log(`ratio 3/1: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x)  ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
process.exitCode = ratio >= TARGET_RATIO ? 0 : 1;
