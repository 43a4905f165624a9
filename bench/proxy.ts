/**
 * bench/proxy (issue 3): `webhooks(provider: SHIPPO, first: 50)` through the gateway against the
 * same listing fetched straight from the Shippo double with undici, measured in the same run.
 * Targets: the gateway reaches at least half the direct throughput, and adds at most 1 ms at p50.
 *
 *   node bench/proxy.ts [--concurrency 16] [--rounds 3] [--round-ms 2000] [--warmup-ms 2000]
 *                       [--seed 200] [--get-cache-ms N] [--no-join] [--cpu-prof-dir DIR]
 *
 * Three processes, as in production: the double and the gateway (run as `npm start` runs it) each get
 * an event loop of their own, and this one only generates load; both paths hit the same double
 * process. Two phases, each alternating direct and gateway windows (direct first in even rounds,
 * gateway first in odd ones) so that noise from other work on the machine falls on both alike:
 *  - throughput, `--concurrency` requests in flight: requests/s (the throughput target);
 *  - latency, one request in flight: what the gateway adds to p50 without queueing (the p50
 *    target; under saturation p50 is mostly time spent waiting in queues).
 * `--get-cache-ms` sets the gateway's UPSTREAM_GET_CACHE_MS (its default when absent): 0 keeps no
 * answer, but identical listings in flight at the same moment still share one upstream call.
 * `--no-join` sets UPSTREAM_GET_JOIN=off as well: with `--get-cache-ms 0`, every listing goes
 * upstream, which measures the proxy path alone.
 * Exits 0 when both targets pass, 1 when one fails, 2 when the run itself failed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { SHIPPO_DOUBLE_SIGNING_SECRET, SHIPPO_DOUBLE_TOKEN } from '../test/doubles/shippo-double.ts';
import { summarizeCpuProfile, formatProfileSummary, type CpuProfile } from './support/cpu-profile-summary.ts';
import { type LoadResult, combineLoadResults, runLoad } from './support/load-loop.ts';
import { type NodeProcess, startNodeProcess } from './support/node-process.ts';
import { processCpuMs } from './support/process-cpu.ts';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';
import { formatTable } from './support/table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE_SIZE = 50;
const QUERY = `{ webhooks(provider: SHIPPO, first: ${PAGE_SIZE}) { edges { node { id url events active createdAt } } pageInfo { hasNextPage endCursor } } }`;
const GRAPHQL_BODY = JSON.stringify({ query: QUERY });
const MIN_THROUGHPUT_RATIO = 0.5;
const MAX_ADDED_P50_MS = 1;
/** Bounds every window by count as well as by time. */
const MAX_REQUESTS_PER_WINDOW = 1_000_000;

interface Options {
  /** Requests in flight during the throughput phase. */
  concurrency: number;
  /** Windows per side and phase. */
  rounds: number;
  roundMs: number;
  /** Unmeasured load on each side before the first phase (JIT, connection pools). */
  warmupMs: number;
  /** Webhooks in the double. */
  seed: number;
  /** UPSTREAM_GET_CACHE_MS for the gateway; null keeps its default. */
  getCacheMs: number | null;
  /** UPSTREAM_GET_JOIN=off for the gateway. */
  noJoin: boolean;
  /** When set, the gateway runs under `--cpu-prof` and its profile is summarised here. */
  cpuProfDir: string | null;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '3' },
      'round-ms': { type: 'string', default: '2000' },
      'warmup-ms': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '200' },
      'get-cache-ms': { type: 'string' },
      'no-join': { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const integer = (name: string, text: string, min: number, max: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    concurrency: integer('concurrency', values.concurrency, 1, 1024),
    rounds: integer('rounds', values.rounds, 1, 20),
    roundMs: integer('round-ms', values['round-ms'], 100, 60_000),
    warmupMs: integer('warmup-ms', values['warmup-ms'], 1, 60_000),
    seed: integer('seed', values.seed, PAGE_SIZE + 1, 100_000),
    getCacheMs: values['get-cache-ms'] === undefined ? null : integer('get-cache-ms', values['get-cache-ms'], 0, 3_600_000),
    noJoin: values['no-join'],
    cpuProfDir: values['cpu-prof-dir'] ? path.resolve(values['cpu-prof-dir']) : null,
  };
}

/** Reads a response to the end and fails unless it is the expected page. */
type Send = () => Promise<void>;

function gatewaySend(pool: Pool, apiKey: string): Send {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${apiKey}` };
  return async () => {
    const { statusCode, body } = await pool.request({ method: 'POST', path: '/graphql', headers, body: GRAPHQL_BODY });
    const result = (await body.json()) as { data?: { webhooks?: { edges?: unknown[] } }; errors?: unknown[] };
    if (statusCode !== 200 || result.errors || result.data?.webhooks?.edges?.length !== PAGE_SIZE) {
      throw new Error(`gateway answered ${statusCode}: ${JSON.stringify(result).slice(0, 500)}`);
    }
  };
}

function directSend(pool: Pool, seed: number): Send {
  const headers = { authorization: `ShippoToken ${SHIPPO_DOUBLE_TOKEN}`, accept: 'application/json' };
  return async () => {
    const { statusCode, body } = await pool.request({ method: 'GET', path: '/webhooks', headers });
    const result = (await body.json()) as { results?: unknown[] };
    if (statusCode !== 200 || result.results?.length !== seed) {
      throw new Error(`double answered ${statusCode}: ${JSON.stringify(result).slice(0, 500)}`);
    }
  };
}

function clientPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, keepAliveTimeout: 30_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
}

type Side = 'direct' | 'gateway';

interface Measured {
  load: LoadResult;
  /** CPU ms each process used during the windows, when /proc tells. */
  cpuMs: { double: number | null; gateway: number | null; client: number };
}

interface Processes {
  double: NodeProcess;
  gateway: NodeProcess;
}

function cpuNow(processes: Processes) {
  const client = process.cpuUsage();
  return {
    double: processCpuMs(processes.double.child.pid ?? -1),
    gateway: processCpuMs(processes.gateway.child.pid ?? -1),
    client: (client.user + client.system) / 1000,
  };
}

function minus(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before;
}

async function measure(send: Send, concurrency: number, durationMs: number, processes: Processes): Promise<Measured> {
  const before = cpuNow(processes);
  const load = await runLoad({ concurrency, durationMs, maxRequests: MAX_REQUESTS_PER_WINDOW, send });
  const after = cpuNow(processes);
  if (load.errors > 0) throw new Error(`${load.errors} request(s) failed; the first: ${String(load.firstError)}`);
  return {
    load,
    cpuMs: {
      double: minus(after.double, before.double),
      gateway: minus(after.gateway, before.gateway),
      client: after.client - before.client,
    },
  };
}

/** null when any value is unknown. */
function total(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

function combine(windows: readonly Measured[]): Measured {
  return {
    load: combineLoadResults(windows.map((m) => m.load)),
    cpuMs: {
      double: total(windows.map((m) => m.cpuMs.double)),
      gateway: total(windows.map((m) => m.cpuMs.gateway)),
      client: windows.reduce((sum, m) => sum + m.cpuMs.client, 0),
    },
  };
}

async function phase(
  sends: Record<Side, Send>,
  concurrency: number,
  options: Options,
  processes: Processes,
): Promise<Record<Side, Measured>> {
  const windows: Record<Side, Measured[]> = { direct: [], gateway: [] };
  for (let round = 0; round < options.rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    for (const side of order) windows[side].push(await measure(sends[side], concurrency, options.roundMs, processes));
  }
  return { direct: combine(windows.direct), gateway: combine(windows.gateway) };
}

const ms = (value: number) => value.toFixed(2);
const perRequest = (cpuMs: number | null, requests: number) => (cpuMs === null ? 'n/a' : ((cpuMs / requests) * 1000).toFixed(0));

function phaseTable(title: string, result: Record<Side, Measured>): string {
  const rows = (['direct', 'gateway'] as const).map((side) => {
    const { load, cpuMs } = result[side];
    const l = load.latencies.summary();
    return [
      side,
      String(load.completed),
      load.requestsPerSecond.toFixed(0),
      ms(l.p50),
      ms(l.p90),
      ms(l.p99),
      ms(l.max),
      perRequest(cpuMs.double, load.completed),
      perRequest(cpuMs.gateway, load.completed),
      perRequest(cpuMs.client, load.completed),
    ];
  });
  const header = ['path', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'double µs', 'gateway µs', 'client µs'];
  return `${title}\n${formatTable(header, rows)}\n(µs columns: CPU time per request of each process)`;
}

/** Seconds the gateway spent in GC so far, by kind (minor, major, incremental, weakcb), from /metrics. */
async function gcSeconds(pool: Pool, apiKey: string): Promise<Map<string, number>> {
  const { body } = await pool.request({ method: 'GET', path: '/metrics', headers: { authorization: `Bearer ${apiKey}` } });
  const text = await body.text();
  const seconds = new Map<string, number>();
  for (const match of text.matchAll(/^hookgate_nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([\d.e+-]+)$/gm)) {
    seconds.set(match[1]!, Number(match[2]));
  }
  return seconds;
}

/** GC time per request of the phase, by kind: answers kept longer than a scavenge show as major GC. */
function gcLine(before: Map<string, number>, after: Map<string, number>, requests: number): string {
  const kinds = [...after.keys()].map((kind) => `${kind} ${(((after.get(kind)! - (before.get(kind) ?? 0)) / requests) * 1e6).toFixed(0)} µs`);
  return `gateway GC per request (both sides' windows, gateway requests counted): ${kinds.join(', ')}`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

/** `skipMs`: the gateway's start-up and warm-up, left out of the summary. */
function summariseProfile(dir: string, pid: number, skipMs: number): string {
  // Node names profiles CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile
  const name = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile') && entry.split('.')[3] === String(pid));
  if (!name) return `no .cpuprofile of process ${pid} was written to ${dir}`;
  const file = path.join(dir, name);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeCpuProfile(profile, ROOT, skipMs);
  return `Gateway CPU profile ${file}, measured phases only (first ${Math.round(skipMs)} ms skipped)\n${formatProfileSummary(summary, 20)}`;
}

async function main(): Promise<number> {
  const options = readOptions();
  const expectedMs = 2 * options.warmupMs + 2 * 2 * options.rounds * options.roundMs;
  // Bounded in time whatever happens: a hung server must not hang the benchmark.
  const watchdog = setTimeout(() => {
    console.error(`bench/proxy: still running after ${Math.round((expectedMs + 60_000) / 1000)} s; aborting`);
    process.exit(2);
  }, expectedMs + 60_000);
  watchdog.unref();

  console.log(`bench/proxy: webhooks(provider: SHIPPO, first: ${PAGE_SIZE}) via the gateway vs GET /webhooks on the double`);
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ` +
      `seed ${options.seed}, concurrency ${options.concurrency} and 1, ${options.rounds} × ${options.roundMs} ms per side and phase, ` +
      `warm-up ${options.warmupMs} ms per side, gateway GET cache ${options.getCacheMs === null ? 'default' : `${options.getCacheMs} ms`}, ` +
      `in-flight GETs ${options.noJoin ? 'not joined' : 'joined'}`,
  );

  const dataDir = mkdtempSync(path.join(tmpdir(), 'hookgate-bench-proxy-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir); // also after Ctrl-C (see node-process.ts)
  const started: NodeProcess[] = [];
  const pools: Pool[] = [];
  try {
    const double = await startNodeProcess({
      entry: path.join(ROOT, 'bench/support/serve-shippo-double.ts'),
      args: ['--seed', String(options.seed)],
      ready: /listening on (http:\/\/\S+)/,
    });
    started.push(double);
    const asStarted = buildGatewayAsStarted();
    const gatewaySpawnedAt = performance.now();
    const gateway = await startNodeProcess({
      entry: asStarted.entry,
      nodeArgs: [...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), ...asStarted.nodeArgs],
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        SHIPPO_API_TOKEN: SHIPPO_DOUBLE_TOKEN,
        SHIPPO_API_URL: double.url,
        SHIPPO_SIGNING_SECRET: SHIPPO_DOUBLE_SIGNING_SECRET,
        // One client sends everything here: the per-caller rate limit would measure itself.
        HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
        ...(options.getCacheMs === null ? {} : { UPSTREAM_GET_CACHE_MS: String(options.getCacheMs) }),
        ...(options.noJoin ? { UPSTREAM_GET_JOIN: 'off' } : {}),
        ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}),
      },
      ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
    });
    started.push(gateway);
    const processes = { double, gateway };
    console.log(`double ${double.url} (pid ${double.child.pid}), gateway ${gateway.url} (pid ${gateway.child.pid})\n`);

    const gatewayPool = clientPool(gateway.url, options.concurrency);
    const doublePool = clientPool(double.url, options.concurrency);
    pools.push(gatewayPool, doublePool);
    // Measured as production runs: API keys on, the bootstrap admin key the gateway wrote at its first start.
    const apiKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
    const sends: Record<Side, Send> = { direct: directSend(doublePool, options.seed), gateway: gatewaySend(gatewayPool, apiKey) };

    // One checked call each first: a broken setup fails here, not as a window of errors.
    await sends.direct();
    await sends.gateway();
    await measure(sends.direct, options.concurrency, options.warmupMs, processes);
    await measure(sends.gateway, options.concurrency, options.warmupMs, processes);
    const warmedUpAfterMs = performance.now() - gatewaySpawnedAt;

    const gcBefore = await gcSeconds(gatewayPool, apiKey);
    const loaded = await phase(sends, options.concurrency, options, processes);
    const gcLoaded = await gcSeconds(gatewayPool, apiKey);
    const unloaded = await phase(sends, 1, options, processes);
    const gcUnloaded = await gcSeconds(gatewayPool, apiKey);

    console.log(phaseTable(`Throughput phase: ${options.concurrency} in flight`, loaded));
    console.log(gcLine(gcBefore, gcLoaded, loaded.gateway.load.completed));
    console.log();
    console.log(phaseTable('Latency phase: 1 in flight', unloaded));
    console.log(gcLine(gcLoaded, gcUnloaded, unloaded.gateway.load.completed));
    console.log();

    const ratio = loaded.gateway.load.requestsPerSecond / loaded.direct.load.requestsPerSecond;
    const addedP50 = unloaded.gateway.load.latencies.percentile(50) - unloaded.direct.load.latencies.percentile(50);
    const addedP50Loaded = loaded.gateway.load.latencies.percentile(50) - loaded.direct.load.latencies.percentile(50);
    const ratioPass = ratio >= MIN_THROUGHPUT_RATIO;
    const p50Pass = addedP50 <= MAX_ADDED_P50_MS;
    console.log(
      `throughput gateway/direct at ${options.concurrency} in flight: ${ratio.toFixed(2)} ` +
        `(${loaded.gateway.load.requestsPerSecond.toFixed(0)} / ${loaded.direct.load.requestsPerSecond.toFixed(0)} req/s; target >= ${MIN_THROUGHPUT_RATIO})  ${verdict(ratioPass)}`,
    );
    console.log(`p50 added by the gateway at 1 in flight: ${addedP50 >= 0 ? '+' : ''}${ms(addedP50)} ms (target <= ${MAX_ADDED_P50_MS} ms)  ${verdict(p50Pass)}`);
    console.log(`(p50 added at ${options.concurrency} in flight, queueing included: ${addedP50Loaded >= 0 ? '+' : ''}${ms(addedP50Loaded)} ms; not a target)`);

    await Promise.all(pools.map((pool) => pool.close()));
    pools.length = 0;
    const gatewayExit = await gateway.stop();
    if (gatewayExit !== 0) console.error(`gateway exited with ${gatewayExit}:\n${gateway.output()}`);
    if (options.cpuProfDir) console.log(`\n${summariseProfile(options.cpuProfDir, gateway.child.pid ?? -1, warmedUpAfterMs)}`);
    return ratioPass && p50Pass ? 0 : 1;
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await Promise.all(started.map((child) => child.stop()));
    removeDataDir();
    process.off('exit', removeDataDir);
    clearTimeout(watchdog);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('bench/proxy failed:', error);
    process.exitCode = 2;
  },
);
