/**
 * bench/proxy (issues 3 and 16): `webhooks(provider: SHIPPO, first: 50)` through the gateway,
 * measured in one run against the same listing fetched straight from the Shippo double with
 * undici, against the gateway with its GET cache off, and (`--hive`) against Hive Gateway.
 *
 *   node bench/proxy.ts [--concurrency 16] [--rounds 3] [--round-ms 2000] [--warmup-ms 2000]
 *                       [--seed 200] [--get-cache-ms N] [--no-join] [--hive] [--hive-jit]
 *                       [--node-options "--max-semi-space-size=8"] [--cpu-prof-dir DIR]
 *
 * Every side runs as a process of its own, as in production, and this one only generates load;
 * all hit the same double process:
 *  - direct: GET /webhooks on the double;
 *  - cache on: the gateway as `npm start` runs it, UPSTREAM_GET_CACHE_MS at its default (or
 *    `--get-cache-ms`);
 *  - cache off: the same build with UPSTREAM_GET_CACHE_MS=0. It keeps no answer, though identical
 *    listings in flight at the same moment still share one upstream call; `--no-join` sets
 *    UPSTREAM_GET_JOIN=off too, so every listing goes upstream (the proxy path alone);
 *  - hive (`--hive`): Hive Gateway serving a supergraph GraphQL Mesh composes from Shippo's
 *    OpenAPI document (support/hive-gateway.ts), with its in-flight deduplication on, asked for the
 *    same fields of the same 50 webhooks (it lists all of the double's: the seed is 50).
 * Two phases, `--concurrency` requests in flight then one, each made of rounds in which every side
 * gets a window, in an order reversed every other round, so that noise from other work on the
 * machine falls on all sides alike.
 * Targets: cache on reaches half the direct throughput and adds at most 1 ms at p50 at 1 in
 * flight (at the default seed of 200); cache on is never slower than cache off (requests/s and CPU per request, both phases);
 * with `--hive`, cache on does at least 2× Hive's requests/s at `--concurrency` in flight, and
 * cache off at least 2× at 1 in flight (nothing cached on either side).
 * Exits 0 when every target passes, 1 when one fails, 2 when the run itself failed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { SHIPPO_DOUBLE_SIGNING_SECRET, SHIPPO_DOUBLE_TOKEN } from '../test/doubles/shippo-double.ts';
import { summarizeCpuProfile, formatProfileSummary, type CpuProfile } from './support/cpu-profile-summary.ts';
import { installHiveGateway, startHiveGateway } from './support/hive-gateway.ts';
import { type LoadResult, combineLoadResults, runLoad } from './support/load-loop.ts';
import { type NodeProcess, startNodeProcess } from './support/node-process.ts';
import { processCpuMs } from './support/process-cpu.ts';
import { buildGatewayAsStarted } from '../test/support/start-command.ts';
import { formatTable } from './support/table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE_SIZE = 50;
const QUERY = `{ webhooks(provider: SHIPPO, first: ${PAGE_SIZE}) { edges { node { id url events active createdAt } } pageInfo { hasNextPage endCursor } } }`;
const GRAPHQL_BODY = JSON.stringify({ query: QUERY });
/** The same fields through Hive Gateway: object_id is the id, event the events. */
const HIVE_QUERY = '{ listWebhooks { ... on WebhookPaginatedList { results { object_id url event active object_created } } } }';
const HIVE_BODY = JSON.stringify({ query: HIVE_QUERY });
const MIN_THROUGHPUT_RATIO = 0.5;
/** The listing size issue 3's targets (throughput against direct, p50 added) are set on. */
const DIRECT_TARGETS_SEED = 200;
const MAX_ADDED_P50_MS = 1;
/** Cache on against cache off: never slower. */
const MIN_CACHE_RATIO = 1;
/** The gateway against Hive Gateway, at either concurrency (issue 16). */
const MIN_RATIO_TO_HIVE = 2;
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
  /** UPSTREAM_GET_CACHE_MS of the cache-on gateway; null keeps its default. */
  getCacheMs: number | null;
  /** UPSTREAM_GET_JOIN=off for the cache-off gateway. */
  noJoin: boolean;
  /** Measure Hive Gateway over the same double too. */
  hive: boolean;
  /** Hive Gateway with `--jit`. */
  hiveJit: boolean;
  /** Node flags of both gateways instead of those of `npm start`. */
  nodeArgs: string[] | null;
  /** When set, both gateways run under `--cpu-prof` and their profiles are summarised here. */
  cpuProfDir: string | null;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '3' },
      'round-ms': { type: 'string', default: '2000' },
      'warmup-ms': { type: 'string', default: '2000' },
      seed: { type: 'string' },
      'get-cache-ms': { type: 'string' },
      'no-join': { type: 'boolean', default: false },
      hive: { type: 'boolean', default: false },
      'hive-jit': { type: 'boolean', default: false },
      'node-options': { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const integer = (name: string, text: string, min: number, max: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const hive = values.hive || values['hive-jit'];
  const seed = integer('seed', values.seed ?? (hive ? String(PAGE_SIZE) : '200'), PAGE_SIZE, 100_000);
  // Hive Gateway returns the whole listing (the operation has no paging): only 50 compares like with like.
  if (hive && seed !== PAGE_SIZE) throw new RangeError(`--hive returns every webhook of the double: use --seed ${PAGE_SIZE} (the default with --hive)`);
  return {
    concurrency: integer('concurrency', values.concurrency, 1, 1024),
    rounds: integer('rounds', values.rounds, 1, 20),
    roundMs: integer('round-ms', values['round-ms'], 100, 60_000),
    warmupMs: integer('warmup-ms', values['warmup-ms'], 1, 60_000),
    seed,
    getCacheMs: values['get-cache-ms'] === undefined ? null : integer('get-cache-ms', values['get-cache-ms'], 1, 3_600_000),
    noJoin: values['no-join'],
    hive,
    hiveJit: values['hive-jit'],
    nodeArgs: values['node-options'] === undefined ? null : values['node-options'].split(' ').filter(Boolean),
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

function hiveSend(pool: Pool): Send {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  return async () => {
    const { statusCode, body } = await pool.request({ method: 'POST', path: '/graphql', headers, body: HIVE_BODY });
    const result = (await body.json()) as { data?: { listWebhooks?: { results?: unknown[] } }; errors?: unknown[] };
    if (statusCode !== 200 || result.errors || result.data?.listWebhooks?.results?.length !== PAGE_SIZE) {
      throw new Error(`Hive Gateway answered ${statusCode}: ${JSON.stringify(result).slice(0, 500)}`);
    }
  };
}

function clientPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, keepAliveTimeout: 30_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
}

interface Side {
  /** As printed. */
  label: string;
  send: Send;
  /** The process serving it: its CPU time is what the side costs. */
  server: NodeProcess;
}

interface Measured {
  load: LoadResult;
  /** CPU ms the serving process used during the windows, when /proc tells. */
  serverCpuMs: number | null;
  /** CPU ms the double used during the windows (the upstream calls the side made). */
  doubleCpuMs: number | null;
  clientCpuMs: number;
}

function minus(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before;
}

function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function measure(side: Side, double: NodeProcess, concurrency: number, durationMs: number): Promise<Measured> {
  const pidOf = (p: NodeProcess) => p.child.pid ?? -1;
  const before = { server: processCpuMs(pidOf(side.server)), double: processCpuMs(pidOf(double)), client: clientCpuMs() };
  const load = await runLoad({ concurrency, durationMs, maxRequests: MAX_REQUESTS_PER_WINDOW, send: side.send });
  const after = { server: processCpuMs(pidOf(side.server)), double: processCpuMs(pidOf(double)), client: clientCpuMs() };
  if (load.errors > 0) throw new Error(`${side.label}: ${load.errors} request(s) failed; the first: ${String(load.firstError)}`);
  // The direct side's server is the double itself: count it once.
  const doubleCpuMs = side.server === double ? 0 : minus(after.double, before.double);
  return { load, serverCpuMs: minus(after.server, before.server), doubleCpuMs, clientCpuMs: after.client - before.client };
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
    serverCpuMs: total(windows.map((m) => m.serverCpuMs)),
    doubleCpuMs: total(windows.map((m) => m.doubleCpuMs)),
    clientCpuMs: windows.reduce((sum, m) => sum + m.clientCpuMs, 0),
  };
}

async function phase(sides: readonly Side[], double: NodeProcess, concurrency: number, options: Options): Promise<Map<Side, Measured>> {
  const windows = new Map<Side, Measured[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? sides : sides.toReversed();
    for (const side of order) windows.get(side)!.push(await measure(side, double, concurrency, options.roundMs));
  }
  return new Map([...windows].map(([side, measured]) => [side, combine(measured)]));
}

const ms = (value: number) => value.toFixed(2);
/** CPU µs per request; null when unknown. */
const cpuPerRequest = (cpuMs: number | null, requests: number) => (cpuMs === null || requests === 0 ? null : (cpuMs / requests) * 1000);
const micros = (value: number | null) => (value === null ? 'n/a' : value.toFixed(0));

function phaseTable(title: string, results: Map<Side, Measured>): string {
  const rows = [...results].map(([side, { load, serverCpuMs, doubleCpuMs, clientCpuMs }]) => {
    const l = load.latencies.summary();
    return [
      side.label,
      String(load.completed),
      load.requestsPerSecond.toFixed(0),
      ms(l.p50),
      ms(l.p90),
      ms(l.p99),
      ms(l.max),
      micros(cpuPerRequest(serverCpuMs, load.completed)),
      micros(cpuPerRequest(doubleCpuMs, load.completed)),
      micros(cpuPerRequest(clientCpuMs, load.completed)),
    ];
  });
  const header = ['path', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server µs', 'double µs', 'client µs'];
  return `${title}\n${formatTable(header, rows)}\n(µs columns: CPU time per request of the process serving the side, of the double behind it, and of this client)`;
}

/** Seconds a gateway spent in GC so far, by kind (minor, major, incremental, weakcb), from /metrics. */
async function gcSeconds(pool: Pool, apiKey: string): Promise<Map<string, number>> {
  const { body } = await pool.request({ method: 'GET', path: '/metrics', headers: { authorization: `Bearer ${apiKey}` } });
  const text = await body.text();
  const seconds = new Map<string, number>();
  for (const match of text.matchAll(/^hookgate_nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([\d.e+-]+)$/gm)) {
    seconds.set(match[1]!, Number(match[2]));
  }
  return seconds;
}

/** GC time per request of a phase, by kind: answers kept longer than a scavenge show as major GC. */
function gcLine(label: string, before: Map<string, number>, after: Map<string, number>, requests: number): string {
  const kinds = [...after.keys()].map((kind) => `${kind} ${(((after.get(kind)! - (before.get(kind) ?? 0)) / requests) * 1e6).toFixed(0)} µs`);
  return `${label} GC per request: ${kinds.join(', ')}`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

/** `skipMs`: the gateway's start-up and warm-up, left out of the summary. */
function summariseProfile(label: string, dir: string, pid: number, skipMs: number): string {
  // Node names profiles CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile
  const name = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile') && entry.split('.')[3] === String(pid));
  if (!name) return `no .cpuprofile of process ${pid} (${label}) was written to ${dir}`;
  const file = path.join(dir, name);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeCpuProfile(profile, ROOT, skipMs);
  return `${label} CPU profile ${file}, measured phases only (first ${Math.round(skipMs)} ms skipped)\n${formatProfileSummary(summary, 20)}`;
}

interface Gateway {
  process: NodeProcess;
  pool: Pool;
  apiKey: string;
  spawnedAt: number;
  removeDataDir(): void;
}

async function startGateway(
  options: Options,
  double: NodeProcess,
  asStarted: { entry: string; nodeArgs: string[] },
  env: Record<string, string>,
): Promise<Gateway> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hookgate-bench-proxy-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir); // also after Ctrl-C (see node-process.ts)
  const spawnedAt = performance.now();
  const gateway = await startNodeProcess({
    entry: asStarted.entry,
    nodeArgs: [...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), ...(options.nodeArgs ?? asStarted.nodeArgs)],
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      SHIPPO_API_TOKEN: SHIPPO_DOUBLE_TOKEN,
      SHIPPO_API_URL: double.url,
      SHIPPO_SIGNING_SECRET: SHIPPO_DOUBLE_SIGNING_SECRET,
      // One client sends everything here: the per-caller rate limit would measure itself.
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
      ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}),
    },
    ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
  });
  // Measured as production runs: API keys on, the bootstrap admin key the gateway wrote at its first start.
  const apiKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
  return { process: gateway, pool: clientPool(gateway.url, options.concurrency), apiKey, spawnedAt, removeDataDir };
}

function ratioLine(what: string, ratio: number, detail: string, target: number): { line: string; pass: boolean } {
  const pass = ratio >= target;
  return { line: `${what}: ${ratio.toFixed(2)} (${detail}; target >= ${target})  ${verdict(pass)}`, pass };
}

async function main(): Promise<number> {
  const options = readOptions();
  const sideCount = options.hive ? 4 : 3;
  const expectedMs = sideCount * options.warmupMs + 2 * sideCount * options.rounds * options.roundMs;
  if (options.hive) installHiveGateway((line) => console.log(line));
  // Bounded in time whatever happens: a hung server must not hang the benchmark.
  const watchdog = setTimeout(() => {
    console.error(`bench/proxy: still running after ${Math.round((expectedMs + 120_000) / 1000)} s; aborting`);
    process.exit(2);
  }, expectedMs + 120_000);
  watchdog.unref();

  console.log(`bench/proxy: webhooks(provider: SHIPPO, first: ${PAGE_SIZE}) via the gateway vs GET /webhooks on the double`);
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ` +
      `seed ${options.seed}, concurrency ${options.concurrency} and 1, ${options.rounds} × ${options.roundMs} ms per side and phase, ` +
      `warm-up ${options.warmupMs} ms per side; cache on: UPSTREAM_GET_CACHE_MS ${options.getCacheMs ?? 'default'}; ` +
      `cache off: 0, in-flight GETs ${options.noJoin ? 'not joined' : 'joined'}` +
      (options.hive ? `; Hive Gateway with in-flight deduplication${options.hiveJit ? ' and --jit' : ''}` : ''),
  );

  const stops: (() => Promise<unknown>)[] = [];
  const cleanups: (() => void)[] = [];
  const pools: Pool[] = [];
  try {
    const double = await startNodeProcess({
      entry: path.join(ROOT, 'bench/support/serve-shippo-double.ts'),
      args: ['--seed', String(options.seed)],
      ready: /listening on (http:\/\/\S+)/,
    });
    stops.push(() => double.stop());
    const asStarted = buildGatewayAsStarted();
    const cached = await startGateway(options, double, asStarted, options.getCacheMs === null ? {} : { UPSTREAM_GET_CACHE_MS: String(options.getCacheMs) });
    stops.push(() => cached.process.stop());
    cleanups.push(cached.removeDataDir);
    pools.push(cached.pool);
    const uncached = await startGateway(options, double, asStarted, {
      UPSTREAM_GET_CACHE_MS: '0',
      ...(options.noJoin ? { UPSTREAM_GET_JOIN: 'off' } : {}),
    });
    stops.push(() => uncached.process.stop());
    cleanups.push(uncached.removeDataDir);
    pools.push(uncached.pool);
    const hive = options.hive
      ? await startHiveGateway({ double: { url: double.url, token: SHIPPO_DOUBLE_TOKEN }, jit: options.hiveJit })
      : null;
    if (hive) {
      stops.push(() => hive.stop());
      cleanups.push(hive.removeFiles);
      process.once('exit', hive.removeFiles);
    }
    const doublePool = clientPool(double.url, options.concurrency);
    pools.push(doublePool);
    const hivePool = hive ? clientPool(hive.url, options.concurrency) : null;
    if (hivePool) pools.push(hivePool);
    console.log(
      `double ${double.url} (pid ${double.child.pid}), cache on ${cached.process.url} (pid ${cached.process.child.pid}), ` +
        `cache off ${uncached.process.url} (pid ${uncached.process.child.pid})` +
        (hive ? `, Hive Gateway ${hive.url} (pid ${hive.child.pid})` : '') +
        '\n',
    );

    const direct: Side = { label: 'direct', send: directSend(doublePool, options.seed), server: double };
    const cacheOn: Side = { label: 'cache on', send: gatewaySend(cached.pool, cached.apiKey), server: cached.process };
    const cacheOff: Side = { label: 'cache off', send: gatewaySend(uncached.pool, uncached.apiKey), server: uncached.process };
    const hiveSide: Side | null = hive && hivePool ? { label: 'hive', send: hiveSend(hivePool), server: hive } : null;
    const sides = [direct, cacheOn, cacheOff, ...(hiveSide ? [hiveSide] : [])];

    // One checked call each first: a broken setup fails here, not as a window of errors.
    for (const side of sides) await side.send();
    for (const side of sides) await measure(side, double, options.concurrency, options.warmupMs);
    const warmedUpAt = performance.now();

    const gateways = [
      { label: 'cache on', gateway: cached, side: cacheOn },
      { label: 'cache off', gateway: uncached, side: cacheOff },
    ];
    const gcBefore = await Promise.all(gateways.map(({ gateway }) => gcSeconds(gateway.pool, gateway.apiKey)));
    const loaded = await phase(sides, double, options.concurrency, options);
    const gcLoaded = await Promise.all(gateways.map(({ gateway }) => gcSeconds(gateway.pool, gateway.apiKey)));
    const unloaded = await phase(sides, double, 1, options);
    const gcUnloaded = await Promise.all(gateways.map(({ gateway }) => gcSeconds(gateway.pool, gateway.apiKey)));

    console.log(phaseTable(`Throughput phase: ${options.concurrency} in flight`, loaded));
    gateways.forEach(({ label, side }, i) => console.log(gcLine(label, gcBefore[i]!, gcLoaded[i]!, loaded.get(side)!.load.completed)));
    console.log();
    console.log(phaseTable('Latency phase: 1 in flight', unloaded));
    gateways.forEach(({ label, side }, i) => console.log(gcLine(label, gcLoaded[i]!, gcUnloaded[i]!, unloaded.get(side)!.load.completed)));
    console.log();

    const rps = (results: Map<Side, Measured>, side: Side) => results.get(side)!.load.requestsPerSecond;
    const cpu = (results: Map<Side, Measured>, side: Side) => {
      const measured = results.get(side)!;
      return cpuPerRequest(measured.serverCpuMs, measured.load.completed);
    };
    const lines: { line: string; pass: boolean }[] = [];
    // Issue 3's targets are set on the default listing of 200; the double's answer to a smaller one costs it less than the gateway's fixed part.
    const directTargets = options.seed === DIRECT_TARGETS_SEED;
    const asTarget = (result: { line: string; pass: boolean }) =>
      directTargets ? result : { line: `(${result.line.replace(/ {2}(PASS|FAIL)$/, '')}; a target at the default --seed ${DIRECT_TARGETS_SEED} only)`, pass: true };
    const throughputRatio = rps(loaded, cacheOn) / rps(loaded, direct);
    lines.push(
      asTarget(
        ratioLine(
          `throughput cache on/direct at ${options.concurrency} in flight`,
          throughputRatio,
          `${rps(loaded, cacheOn).toFixed(0)} / ${rps(loaded, direct).toFixed(0)} req/s`,
          MIN_THROUGHPUT_RATIO,
        ),
      ),
    );
    const addedP50 = unloaded.get(cacheOn)!.load.latencies.percentile(50) - unloaded.get(direct)!.load.latencies.percentile(50);
    lines.push(
      asTarget({
        line: `p50 added by the gateway (cache on) at 1 in flight: ${addedP50 >= 0 ? '+' : ''}${ms(addedP50)} ms (target <= ${MAX_ADDED_P50_MS} ms)  ${verdict(addedP50 <= MAX_ADDED_P50_MS)}`,
        pass: addedP50 <= MAX_ADDED_P50_MS,
      }),
    );
    for (const [label, results] of [[`${options.concurrency} in flight`, loaded], ['1 in flight', unloaded]] as const) {
      lines.push(
        ratioLine(
          `requests/s cache on/cache off at ${label}`,
          rps(results, cacheOn) / rps(results, cacheOff),
          `${rps(results, cacheOn).toFixed(0)} / ${rps(results, cacheOff).toFixed(0)} req/s`,
          MIN_CACHE_RATIO,
        ),
      );
      const on = cpu(results, cacheOn);
      const off = cpu(results, cacheOff);
      if (on !== null && off !== null) {
        lines.push(
          ratioLine(`CPU per request cache off/cache on at ${label}`, off / on, `${off.toFixed(0)} / ${on.toFixed(0)} µs`, MIN_CACHE_RATIO),
        );
      }
    }
    if (hiveSide) {
      lines.push(
        ratioLine(
          `requests/s gateway (cache on)/Hive Gateway at ${options.concurrency} in flight`,
          rps(loaded, cacheOn) / rps(loaded, hiveSide),
          `${rps(loaded, cacheOn).toFixed(0)} / ${rps(loaded, hiveSide).toFixed(0)} req/s`,
          MIN_RATIO_TO_HIVE,
        ),
        ratioLine(
          `requests/s gateway (cache off)/Hive Gateway at 1 in flight, nothing cached`,
          rps(unloaded, cacheOff) / rps(unloaded, hiveSide),
          `${rps(unloaded, cacheOff).toFixed(0)} / ${rps(unloaded, hiveSide).toFixed(0)} req/s`,
          MIN_RATIO_TO_HIVE,
        ),
      );
      const offLoaded = rps(loaded, cacheOff) / rps(loaded, hiveSide);
      const hiveCpu = cpu(unloaded, hiveSide);
      const offCpu = cpu(unloaded, cacheOff);
      console.log(
        `(not targets: cache off/Hive at ${options.concurrency} in flight ${offLoaded.toFixed(2)}; CPU per request at 1 in flight, ` +
          `Hive/cache off ${hiveCpu !== null && offCpu !== null ? `${(hiveCpu / offCpu).toFixed(2)} (${hiveCpu.toFixed(0)} / ${offCpu.toFixed(0)} µs)` : 'n/a'})`,
      );
    }
    for (const { line } of lines) console.log(line);
    const addedP50Loaded = loaded.get(cacheOn)!.load.latencies.percentile(50) - loaded.get(direct)!.load.latencies.percentile(50);
    console.log(`(p50 added at ${options.concurrency} in flight, queueing included: ${addedP50Loaded >= 0 ? '+' : ''}${ms(addedP50Loaded)} ms; not a target)`);

    await Promise.all(pools.map((pool) => pool.close()));
    pools.length = 0;
    for (const { label, gateway } of gateways) {
      const exit = await gateway.process.stop();
      if (exit !== 0) console.error(`${label} gateway exited with ${exit}:\n${gateway.process.output()}`);
      if (options.cpuProfDir) {
        console.log(`\n${summariseProfile(label, options.cpuProfDir, gateway.process.child.pid ?? -1, warmedUpAt - gateway.spawnedAt)}`);
      }
    }
    return lines.every(({ pass }) => pass) ? 0 : 1;
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await Promise.all(stops.map((stop) => stop()));
    for (const cleanup of cleanups) {
      cleanup();
      process.off('exit', cleanup);
    }
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
