/**
 * bench/faults: issue 12's hanging-endpoint benchmark. Loopback only, about a minute.
 *
 *   node bench/faults.ts [--rate 50] [--seconds 20] [--main OTHER/dist/main.js]
 *
 * One gateway, run as `npm start` runs it (built first; --main replaces the entry point), with its
 * default delivery settings unless HOOKGATE_DELIVERY_* or HOOKGATE_RETRY_* are set here; one
 * receiver process (support/delivery-receiver.ts). A healthy endpoint receives events published
 * through GraphQL at a steady rate, first alone (the baseline), then with an endpoint beside it
 * that accepts connections and never answers, for longer than the attempt timeout, so that the
 * hanging attempts time out and the endpoint is backed off while the healthy one is measured.
 * The figure is the healthy endpoint's publish→delivered p99 in both phases; the target is a
 * ratio of at most 2. The exit code is 0 when it is met, 1 when not, 2 on an error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_EVENT_TYPE } from './support/delivery-backlog.ts';
import type { GatewayProcess } from './support/delivery-gateway.ts';
import { DeliveryBench } from './support/delivery-harness.ts';
import { latencies, publishPaced } from './support/delivery-latency.ts';
import { HANGING_PATH } from './support/delivery-receiver-process.ts';
import { ms, times } from './support/delivery-report.ts';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';

const HARD_LIMIT_MS = 5 * 60_000;
const WARMUP_MS = 3_000;
const TARGET_RATIO = 2;
const ARRIVAL_TIMEOUT_MS = 30_000;

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    main: { type: 'string' },
  },
});
const rate = Number(args.rate);
const durationMs = Number(args.seconds) * 1000;
if (!(rate > 0 && rate <= 1_000)) throw new Error('--rate must be a number of events per second in (0, 1000]');
if (!(durationMs >= 1_000 && durationMs <= 120_000)) throw new Error('--seconds must be from 1 to 120');
const tuning = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => /^HOOKGATE_(DELIVERY|RETRY)_/.test(e[0]) && Boolean(e[1])),
);

const started = buildGatewayAsStarted();
const bench = await DeliveryBench.start({
  scale: 1,
  main: args.main ? path.resolve(args.main) : started.entry,
  nodeArgs: started.nodeArgs,
  profileRoot: undefined,
  tuning,
});
process.once('exit', () => bench.close());
const { delivery, receiver, report } = bench;
console.log(
  `bench/faults: node ${process.version}; ${rate} events/s for ${durationMs / 1000} s per phase; worker concurrency` +
    ` ${delivery.concurrency}, ${delivery.endpointConcurrency} per endpoint, attempt timeout ${delivery.timeoutMs / 1000} s` +
    (Object.keys(tuning).length > 0 ? `; tuning ${JSON.stringify(tuning)}` : ' (defaults)'),
);

const hardLimit = setTimeout(() => {
  console.error(`\nbench/faults: stopped after ${HARD_LIMIT_MS / 60_000} minutes`);
  report.print();
  process.exit(2);
}, HARD_LIMIT_MS);

/** The healthy endpoint's publish→delivered latencies over one phase of `ms` at the benchmark's rate. */
async function healthyLatencies(gateway: GatewayProcess, healthyPath: string, phaseMs: number) {
  await receiver.reset();
  const run = await publishPaced(gateway, phaseMs, rate);
  if (run.failures > 0) console.log(`  ${run.failures} publishes failed, the first with: ${String(run.firstError)}`);
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  let arrivals = await receiver.arrivals(healthyPath);
  while ([...run.sentAt.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    arrivals = await receiver.arrivals(healthyPath);
  }
  const { recorder, missing } = latencies(run.sentAt, arrivals);
  return { summary: recorder.summary(), missing, failures: run.failures, sent: run.sent };
}

try {
  const { dataDir, endpoints } = await bench.prepareEndpoints(1);
  const healthy = endpoints[0]!;
  const gateway = await bench.measuredGateway(dataDir, 'faults');

  console.log(`\n## The healthy endpoint alone (after a ${WARMUP_MS / 1000} s warm-up at that pace)`);
  await healthyLatencies(gateway, healthy.path, WARMUP_MS);
  const alone = await healthyLatencies(gateway, healthy.path, durationMs);
  console.log(`  p50 ${ms(alone.summary.p50)}, p99 ${ms(alone.summary.p99)}, max ${ms(alone.summary.max)}; ${alone.missing} not delivered`);

  console.log('\n## Beside an endpoint that accepts connections and never answers');
  const hanging = await gateway.graphql<{ createWebhook: { __typename: string } }>(
    `mutation ($url: String!, $events: [String!]!) { createWebhook(input: { provider: LOCAL, url: $url, events: $events }) { __typename } }`,
    { url: receiver.url(`${HANGING_PATH}0`), events: [BENCH_EVENT_TYPE] },
  );
  if (hanging.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(`createWebhook answered ${hanging.createWebhook.__typename}`);
  const beside = await healthyLatencies(gateway, healthy.path, durationMs);
  const triedAtHanging = (await receiver.arrivals(`${HANGING_PATH}0`)).size;
  console.log(
    `  p50 ${ms(beside.summary.p50)}, p99 ${ms(beside.summary.p99)}, max ${ms(beside.summary.max)}; ${beside.missing} not delivered;` +
      ` events sent to the hanging endpoint: ${triedAtHanging} of ${beside.sent}`,
  );
  await bench.stopMeasured(gateway, 'faults');
  bench.removeFolder(dataDir);

  const ratio = beside.summary.p99 / alone.summary.p99;
  report.add({
    name: `healthy endpoint publish→delivered p99 at ${rate}/s alone`,
    value: ms(alone.summary.p99),
    baseline: 'none',
    ratio: 'n/a',
    target: 'none',
    pass: null,
  });
  report.add({
    name: `healthy endpoint p99 at ${rate}/s beside a hanging endpoint`,
    value: ms(beside.summary.p99),
    baseline: `alone ${ms(alone.summary.p99)}`,
    ratio: times(ratio),
    target: `≤ ${TARGET_RATIO}×`,
    pass: beside.missing === 0 && beside.failures === 0 && alone.missing === 0 && ratio <= TARGET_RATIO,
  });
  report.print();
  process.exitCode = report.passed ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 2;
} finally {
  clearTimeout(hardLimit);
  bench.close();
}
