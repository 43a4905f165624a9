/**
 * bench/delivery: issue 4's delivery benchmark. Loopback only, bounded in time (a full run takes
 * about five minutes on two cores; it stops itself after fifteen).
 *
 *   node bench/delivery.ts [--scale 0.2] [--only throughput,publish,latency,warmstart,rss] [--profile DIR]
 *                          [--node-options "--max-semi-space-size=8"] [--main OTHER/src/main.ts]
 *
 * The gateway runs as a child process the way `npm start` runs it (built first, then
 * `node <its flags> dist/main.js`; --main and --node-options replace the entry point and the
 * flags), with a fresh DATA_DIR, PORT=0, loopback allowed, rate limit off, its default delivery and
 * warm-up settings unless HOOKGATE_DELIVERY_*, HOOKGATE_RETRY_* or HOOKGATE_WARMUP_* are set here,
 * which are passed on); the receiver runs in another
 * (support/delivery-receiver.ts). Each phase says how it measures in its own module:
 * support/delivery-throughput.ts, support/delivery-publish.ts (publish+deliver against a BullMQ
 * baseline on a Redis the benchmark starts), support/delivery-latency.ts,
 * support/delivery-warm-start.ts (the first 30 s after start against a steady window),
 * support/delivery-memory.ts.
 * The exit code is 0 when every target is met, 1 when one is missed, 2 on an error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeliveryBench } from './support/delivery-harness.ts';
import { measureLatency } from './support/delivery-latency.ts';
import { measureMemory } from './support/delivery-memory.ts';
import { measurePublishAndDeliver } from './support/delivery-publish.ts';
import { measureThroughput } from './support/delivery-throughput.ts';
import { measureWarmStart } from './support/delivery-warm-start.ts';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';

const HARD_LIMIT_MS = 15 * 60_000;

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    only: { type: 'string', default: 'throughput,publish,latency,warmstart,rss' },
    profile: { type: 'string' },
    'node-options': { type: 'string' },
    main: { type: 'string' },
  },
});
const scale = Number(args.scale);
if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number in (0, 10]');
const phases = new Set(args.only.split(','));
const tuning = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => /^HOOKGATE_(DELIVERY|RETRY|WARMUP)_/.test(e[0]) && Boolean(e[1])),
);

const started = buildGatewayAsStarted();
const bench = await DeliveryBench.start({
  scale,
  main: args.main ? path.resolve(args.main) : started.entry,
  nodeArgs: args['node-options'] === undefined ? started.nodeArgs : args['node-options'].split(' ').filter(Boolean),
  profileRoot: args.profile ? path.resolve(args.profile) : undefined,
  tuning,
});
process.once('exit', () => bench.close());

const { delivery } = bench;
console.log(
  `bench/delivery: node ${process.version}, scale ${scale}; worker concurrency ${delivery.concurrency},` +
    ` ${delivery.endpointConcurrency} per endpoint, batch ${delivery.batchSize}` +
    (Object.keys(tuning).length > 0 ? `; tuning ${JSON.stringify(tuning)}` : ' (defaults)') +
    (bench.options.nodeArgs.length > 0 ? `; gateway node options ${bench.options.nodeArgs.join(' ')}` : ''),
);

const hardLimit = setTimeout(() => {
  console.error(`\nbench/delivery: stopped after ${HARD_LIMIT_MS / 60_000} minutes`);
  bench.report.print();
  process.exit(2);
}, HARD_LIMIT_MS);

try {
  if (phases.has('throughput')) {
    await measureThroughput(bench, 1, bench.scaled(30_000));
    await measureThroughput(bench, 10, bench.scaled(5_000));
  }
  if (phases.has('publish')) {
    await measurePublishAndDeliver(bench, { endpointCount: 1, events: bench.scaled(10_000), batch: 1, target: 1.5 });
    await measurePublishAndDeliver(bench, { endpointCount: 10, events: bench.scaled(2_000), batch: 1, target: 2 });
    await measurePublishAndDeliver(bench, { endpointCount: 1, events: bench.scaled(20_000), batch: 50, target: 3 });
  }
  if (phases.has('latency')) await measureLatency(bench);
  if (phases.has('warmstart')) await measureWarmStart(bench);
  if (phases.has('rss')) await measureMemory(bench);
  bench.report.print();
  process.exitCode = bench.report.passed ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 2;
} finally {
  clearTimeout(hardLimit);
  bench.close();
}
