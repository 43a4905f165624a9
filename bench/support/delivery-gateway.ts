/** The gateway under test as a child process, with a GraphQL client, its RSS and CPU. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { type NodeProcess, startNodeProcess } from './node-process.ts';
import { mainThreadCpuMs, processCpuMs } from './process-cpu.ts';

/** Where a gateway with API keys on writes the admin key it creates at its first start. */
const ADMIN_KEY_FILE = 'admin-api-key';
const STOP_GRACE_MS = 20_000;

export interface GatewayProcessOptions {
  dataDir: string;
  /** Variables on top of the benchmark's fixed environment (loopback allowed, no rate limit). */
  env?: Record<string, string>;
  /** The entry point to run: this checkout's built `dist/main.js`, or another checkout's to compare versions. */
  main: string;
  /** Node flags, e.g. `--cpu-prof` or `--max-semi-space-size=8`. */
  nodeArgs?: readonly string[];
  /** Connections of the benchmark's client to the gateway. */
  clientConnections?: number;
}

export class GatewayProcess {
  readonly origin: string;
  readonly #process: NodeProcess;
  readonly #client: Pool;
  readonly #headers: Record<string, string>;

  private constructor(process: NodeProcess, connections: number, headers: Record<string, string>) {
    this.#process = process;
    this.origin = process.url;
    this.#client = new Pool(process.url, { connections });
    this.#headers = headers;
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const process = await startNodeProcess({
      entry: options.main,
      nodeArgs: [...(options.nodeArgs ?? [])],
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: options.dataDir,
        HOOKGATE_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
        // The benchmark is one client publishing a thousand events a second on purpose.
        HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
        ...options.env,
      },
      ready: /listening on (http:\/\/[^/\s]+)\/graphql/,
    });
    const keyFile = path.join(options.dataDir, ADMIN_KEY_FILE);
    const headers: Record<string, string> = existsSync(keyFile)
      ? { authorization: `Bearer ${readFileSync(keyFile, 'utf8').trim()}` }
      : {};
    return new GatewayProcess(process, options.clientConnections ?? 32, headers);
  }

  get pid(): number {
    const { pid } = this.#process.child;
    if (pid === undefined) throw new Error('the gateway has no pid');
    return pid;
  }

  /** Resident set size in bytes (VmRSS), or null once the process is gone. */
  rssBytes(): number | null {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match?.[1] ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  /** CPU time (user + system, all threads) used so far, in seconds; null once the process is gone. */
  cpuSeconds(): number | null {
    const ms = processCpuMs(this.pid);
    return ms === null ? null : ms / 1000;
  }

  /** CPU time of its main thread alone (the event loop), in seconds; null once the process is gone. */
  mainThreadCpuSeconds(): number | null {
    const ms = mainThreadCpuMs(this.pid);
    return ms === null ? null : ms / 1000;
  }

  /** Executes a GraphQL operation as the bootstrap admin and returns `data`; throws on GraphQL errors. */
  async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await this.#client.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.#headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  /** A sample from /metrics, e.g. `hookgate_delivery_queue_depth`; null when absent. */
  async metric(name: string): Promise<number | null> {
    const response = await this.#client.request({ path: '/metrics', method: 'GET', headers: this.#headers });
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(await response.body.text());
    return match?.[1] ? Number(match[1]) : null;
  }

  /** Polls /metrics until the queue holds `depth` PENDING deliveries; false at the deadline. */
  async waitForQueueDepth(depth: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.metric('hookgate_delivery_queue_depth')) === depth) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  /** Warnings and errors it logged (pino levels 40 and up), from the last 64 KiB of its output. */
  problems(): string[] {
    return this.#process
      .output()
      .split('\n')
      .filter((line) => /"level":(4|5|6)\d/.test(line));
  }

  /** SIGTERM, a clean stop that writes a CPU profile; SIGKILL if it hangs. */
  async stop(): Promise<void> {
    await this.#client.close();
    await this.#process.stop(STOP_GRACE_MS);
  }
}
