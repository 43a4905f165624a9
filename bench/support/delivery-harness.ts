/**
 * What the phases of bench/delivery share: the receiver process, the report, a scratch folder,
 * and how to start a gateway (profiled when asked) on a folder prepared with endpoints.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { type DeliveryConfig, loadConfig } from '../../src/config.ts';
import { formatProfileSummary, summarizeCpuProfile, type CpuProfile } from './cpu-profile-summary.ts';
import { type BenchEndpoint, createEndpoints, preloadBacklog } from './delivery-backlog.ts';
import { GatewayProcess } from './delivery-gateway.ts';
import { ReceiverProcess } from './delivery-receiver-process.ts';
import { Report } from './delivery-report.ts';

export interface DeliveryBenchOptions {
  /** Multiplies the sizes of the runs; 1 is the issue's. */
  scale: number;
  /** The gateway's entry point: this checkout's, or another's to compare versions. */
  main: string;
  /** Node flags of every measured gateway, e.g. `--max-semi-space-size=8`. */
  nodeArgs: readonly string[];
  /** Profile each measured gateway (`--cpu-prof`) into a folder per phase here, and print a summary. */
  profileRoot: string | undefined;
  /** HOOKGATE_DELIVERY_* and HOOKGATE_RETRY_* variables given to every gateway. */
  tuning: Record<string, string>;
}

export class DeliveryBench {
  readonly options: DeliveryBenchOptions;
  readonly receiver: ReceiverProcess;
  readonly report = new Report();
  /** The gateway's delivery settings, as it reads them from `tuning`. */
  readonly delivery: DeliveryConfig;
  readonly #workRoot: string;
  #folders = 0;

  private constructor(options: DeliveryBenchOptions, receiver: ReceiverProcess, workRoot: string) {
    this.options = options;
    this.receiver = receiver;
    this.#workRoot = workRoot;
    this.delivery = loadConfig(options.tuning).delivery;
  }

  static async start(options: DeliveryBenchOptions): Promise<DeliveryBench> {
    const receiver = await ReceiverProcess.start();
    return new DeliveryBench(options, receiver, mkdtempSync(path.join(tmpdir(), 'hookgate-bench-')));
  }

  /** `n` times the scale, at least 100. */
  scaled(n: number): number {
    return Math.max(100, Math.round(n * this.options.scale));
  }

  /**
   * A gateway on a new data folder with the event type and `count` endpoints at the receiver's
   * `/e0`, `/e1`, …, stopped again; with the RSS it had when idle.
   */
  async prepareEndpoints(count: number): Promise<{ dataDir: string; endpoints: BenchEndpoint[]; idleRss: number | null }> {
    const dataDir = path.join(this.#workRoot, `data-${this.#folders++}`);
    // A gateway that only sets up needs no warm-up.
    const setup = await GatewayProcess.start({ dataDir, main: this.options.main, env: { ...this.options.tuning, HOOKGATE_WARMUP_EVENTS: '0' } });
    try {
      const endpoints = await createEndpoints(setup, (p) => this.receiver.url(p), count);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { dataDir, endpoints, idleRss: setup.rssBytes() };
    } finally {
      await setup.stop();
    }
  }

  /** Writes `events` published events into a stopped gateway's store; returns the deliveries queued. */
  preload(dataDir: string, events: number): Promise<number> {
    return preloadBacklog(this.options.main, dataDir, events);
  }

  /** Starts the gateway to measure, profiled under `phase` when profiling was asked for. */
  measuredGateway(dataDir: string, phase: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
    const profileDir = this.#profileDir(phase);
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    return GatewayProcess.start({
      dataDir,
      main: this.options.main,
      env: { ...this.options.tuning, ...env },
      nodeArgs: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...this.options.nodeArgs],
      clientConnections: 64,
    });
  }

  /** Stops a measured gateway; shows what it logged as warnings or errors, and its profile's summary. */
  async stopMeasured(gateway: GatewayProcess, phase: string): Promise<void> {
    const problems = gateway.problems();
    await gateway.stop();
    if (problems.length > 0) console.log(`  the gateway logged ${problems.length} warning(s)/error(s), e.g. ${problems[0]!.slice(0, 300)}`);
    const profileDir = this.#profileDir(phase);
    if (!profileDir) return;
    for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
      const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
      const root = path.resolve(path.dirname(this.options.main), '..');
      console.log(`  CPU profile ${path.join(profileDir, file)}:\n${formatProfileSummary(summarizeCpuProfile(profile, root), 15)}`);
    }
  }

  /** Checks one received request per endpoint with the standardwebhooks package; returns the failures. */
  async unverifiedSamples(endpoints: readonly BenchEndpoint[]): Promise<string[]> {
    const samples = new Map((await this.receiver.samples()).map((sample) => [sample.path, sample]));
    return endpoints.flatMap((endpoint) => {
      const sample = samples.get(endpoint.path);
      if (!sample) return [`${endpoint.path}: nothing received`];
      try {
        new Webhook(endpoint.secret).verify(sample.body, sample.headers);
        return [];
      } catch (error) {
        return [`${endpoint.path}: ${(error as Error).message}`];
      }
    });
  }

  removeFolder(dataDir: string): void {
    rmSync(dataDir, { recursive: true, force: true });
  }

  /** Stops the receiver and removes the scratch folder; safe to call again. */
  close(): void {
    this.receiver.close();
    rmSync(this.#workRoot, { recursive: true, force: true });
  }

  #profileDir(phase: string): string | undefined {
    return this.options.profileRoot ? path.join(this.options.profileRoot, phase) : undefined;
  }
}
