/**
 * bench/publish-cost: the gateway's CPU per published event, the figure to steer the publish
 * path by (wall-clock rates on a shared two-core machine are too noisy for that). A gateway
 * (built and started as `npm start` starts it) publishes through GraphQL with `publishEvent`
 * and with `publishEvents` batches, 32 requests in flight; after a warm-up, its CPU time
 * (user + system, every thread, from /proc) over the measured events is divided by their
 * count. With `--endpoints 0` nothing is delivered, so the figure is the publish alone;
 * with 1 or more, each event's deliveries (to a receiver process) are counted in too.
 *
 *   node bench/publish-cost.ts [--endpoints 0] [--events 10000] [--warmup 10000] [--batch 1,50]
 *                              [--rounds 1] [--compare OTHER/dist/main.js] [--profile DIR]
 *
 * --compare measures another build too (e.g. the main branch's, built in another folder), in
 * alternating rounds, so that both see the same load; the median of the rounds is printed.
 * With --profile, each gateway runs under --cpu-prof and a summary of what it did after its
 * warm-up is printed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';
import { formatProfileSummary, summarizeCpuProfile, type CpuProfile } from './support/cpu-profile-summary.ts';
import { BENCH_EVENT_TYPE, PUBLISH_MANY, PUBLISH_ONE, benchPayload, createEndpoints } from './support/delivery-backlog.ts';
import { GatewayProcess } from './support/delivery-gateway.ts';
import { ReceiverProcess } from './support/delivery-receiver-process.ts';

const IN_FLIGHT = 32;


const { values: args } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '0' },
    events: { type: 'string', default: '10000' },
    warmup: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '1,50' },
    rounds: { type: 'string', default: '1' },
    compare: { type: 'string' },
    profile: { type: 'string' },
  },
});
const endpointCount = Number(args.endpoints);
const events = Number(args.events);
const warmup = Number(args.warmup);
const batches = args.batch.split(',').map(Number);
const rounds = Number(args.rounds);

async function publishRange(gateway: GatewayProcess, from: number, to: number, batch: number): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const first = next;
      const count = Math.min(batch, to - first);
      next += count;
      if (batch === 1) {
        const data = await gateway.graphql<{ publishEvent: { __typename: string; message?: string } }>(PUBLISH_ONE, {
          input: { event: BENCH_EVENT_TYPE, payload: benchPayload(first) },
        });
        if (data.publishEvent.__typename !== 'PublishEventSuccess') throw new Error(`publishEvent: ${data.publishEvent.message}`);
      } else {
        const inputs = Array.from({ length: count }, (_, i) => ({ event: BENCH_EVENT_TYPE, payload: benchPayload(first + i) }));
        const data = await gateway.graphql<{ publishEvents: { __typename: string; message?: string } }>(PUBLISH_MANY, { inputs });
        if (data.publishEvents.__typename !== 'PublishEventsSuccess') throw new Error(`publishEvents: ${data.publishEvents.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

/** HOOKGATE_DELIVERY_*, HOOKGATE_RETRY_* and HOOKGATE_WARMUP_* set here are passed to the measured gateways. */
const tuning = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => /^HOOKGATE_(DELIVERY|RETRY|WARMUP)_/.test(e[0]) && Boolean(e[1])),
);
const started = buildGatewayAsStarted();
const builds = [{ name: 'this build', entry: started.entry }, ...(args.compare ? [{ name: args.compare, entry: path.resolve(args.compare) }] : [])];
const receiver = await ReceiverProcess.start();
const workRoot = mkdtempSync(path.join(tmpdir(), 'hookgate-publish-cost-'));
process.once('exit', () => {
  receiver.close();
  rmSync(workRoot, { recursive: true, force: true });
});
console.log(
  `bench/publish-cost: node ${process.version}; ${endpointCount} endpoint(s), ${warmup} warm-up and ${events} measured events` +
    ` per gateway, ${IN_FLIGHT} requests in flight, ${rounds} round(s)`,
);

/** Deliveries the worker sent as handed off by their publish, and as claimed from the store. */
async function dispatches(gateway: GatewayProcess): Promise<{ publish: number; claim: number }> {
  const of = async (via: string) => (await gateway.metric(`hookgate_delivery_dispatches_total\\{via="${via}"\\}`)) ?? 0;
  return { publish: await of('publish'), claim: await of('claim') };
}

let runs = 0;
/** One gateway on a fresh data folder: warm-up, then the measured events; CPU µs per event. */
async function measure(entry: string, batch: number): Promise<{ cpuPerEvent: number; mainPerEvent: number }> {
  const dataDir = path.join(workRoot, `data-${runs++}`);
  const setup = await GatewayProcess.start({ dataDir, main: entry, env: { HOOKGATE_WARMUP_EVENTS: '0' } });
  await createEndpoints(setup, (p) => receiver.url(p), endpointCount);
  await setup.stop();

  const profileDir = args.profile ? path.resolve(args.profile, `run-${runs}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const spawnedAt = performance.now();
  const gateway = await GatewayProcess.start({
    dataDir,
    main: entry,
    env: tuning,
    nodeArgs: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...started.nodeArgs],
    clientConnections: IN_FLIGHT * 2,
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= gateway.stop());
  try {
    await receiver.reset();
    await publishRange(gateway, 0, warmup, batch);
    await receiver.waitForDistinct(warmup * endpointCount, 120_000);
    await receiver.reset();
    const measuredFromMs = performance.now() - spawnedAt;
    const dispatchedBefore = await dispatches(gateway);
    const cpuBefore = gateway.cpuSeconds()!;
    const mainBefore = gateway.mainThreadCpuSeconds()!;
    await publishRange(gateway, warmup, warmup + events, batch);
    const arrived = await receiver.waitForDistinct(events * endpointCount, 120_000);
    if (arrived.distinct < events * endpointCount) throw new Error(`only ${arrived.distinct} of ${events * endpointCount} delivered`);
    const cpuPerEvent = ((gateway.cpuSeconds()! - cpuBefore) * 1e6) / events;
    const mainPerEvent = ((gateway.mainThreadCpuSeconds()! - mainBefore) * 1e6) / events;
    const dispatchedAfter = await dispatches(gateway);
    const claimed = dispatchedAfter.claim - dispatchedBefore.claim;
    const handedOff = dispatchedAfter.publish - dispatchedBefore.publish;
    if (claimed + handedOff > 0) console.log(`    ${handedOff} deliveries handed off by their publish, ${claimed} claimed from the store`);
    await stop();
    for (const file of profileDir ? readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')) : []) {
      const profile = JSON.parse(readFileSync(path.join(profileDir!, file), 'utf8')) as CpuProfile;
      const summary = summarizeCpuProfile(profile, path.resolve(path.dirname(entry), '..'), measuredFromMs);
      console.log(`  profile ${path.join(profileDir!, file)} (after the warm-up):\n${formatProfileSummary(summary, 30)}`);
    }
    return { cpuPerEvent, mainPerEvent };
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (const batch of batches) {
  const label = batch === 1 ? 'publishEvent' : `publishEvents × ${batch}`;
  const results = builds.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, build] of builds.entries()) {
      const { cpuPerEvent, mainPerEvent } = await measure(build.entry, batch);
      results[i]!.push(cpuPerEvent);
      console.log(
        `  ${label}, ${build.name}, round ${round + 1}: ${cpuPerEvent.toFixed(0)} µs CPU per event, ${mainPerEvent.toFixed(0)} µs of it on the main thread`,
      );
    }
  }
  const medians = results.map(median);
  console.log(
    `${label}: ${builds.map((build, i) => `${build.name} ${medians[i]!.toFixed(0)} µs`).join(', ')} CPU per event (median of ${rounds})` +
      (builds.length > 1 ? `; ratio ${(medians[1]! / medians[0]!).toFixed(2)}×` : ''),
  );
}
receiver.close();
