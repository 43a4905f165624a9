/**
 * Hive Gateway over the Shippo double, for bench/proxy. The peer is a package of its own
 * (bench/peers/hive-gateway: pinned versions, its own package-lock.json), installed here on first
 * use with `npm ci --prefix`, so none of it reaches the gateway's dependencies. At each start the
 * supergraph is composed by `mesh-compose` from Shippo's OpenAPI document into a scratch folder
 * (it names the double's URL and token as {env.…}, read when the gateway starts), then
 * `hive-gateway supergraph` serves it as a process of its own, with the config file beside it
 * (bench/peers/hive-gateway/gateway.config.ts: in-flight deduplication on).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';
import { type NodeProcess, startNodeProcess } from './node-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PEER_DIR = path.join(ROOT, 'bench/peers/hive-gateway');
const GATEWAY_BIN = path.join(PEER_DIR, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const COMPOSE_BIN = path.join(PEER_DIR, 'node_modules/@graphql-mesh/compose-cli/esm/bin.js');

export interface HiveGatewayOptions {
  /** The Shippo double's origin and token. */
  double: { url: string; token: string };
  /** `--jit`: Hive Gateway's own compilation of documents (graphql-jit), off by default. */
  jit: boolean;
  /** Node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

export type HiveGateway = NodeProcess & { removeFiles(): void };

/** The Shippo document: beside the checkout (`../shared/…`), else the machine's shared copy. */
function shippoOpenApi(): string {
  for (const candidate of [path.resolve(ROOT, '../shared'), path.resolve(ROOT, '../../shared'), '/work/shared']) {
    const file = path.join(candidate, 'upstream/shippo/openapi.webhooks.yaml');
    if (existsSync(file)) return file;
  }
  throw new Error('upstream/shippo/openapi.webhooks.yaml not found beside the checkout');
}

/** Installs the peer's locked dependencies unless they are there already (the first run takes a minute or two). */
export function installHiveGateway(log: (line: string) => void): void {
  if (existsSync(GATEWAY_BIN) && existsSync(COMPOSE_BIN)) return;
  log(`installing the Hive Gateway peer: npm ci --prefix ${path.relative(process.cwd(), PEER_DIR) || PEER_DIR}`);
  execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function startHiveGateway(options: HiveGatewayOptions): Promise<HiveGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-bench-hive-'));
  const removeFiles = () => rmSync(dir, { recursive: true, force: true });
  try {
    const supergraph = path.join(dir, 'supergraph.graphql');
    execFileSync(process.execPath, [COMPOSE_BIN, '-o', supergraph], {
      cwd: PEER_DIR,
      env: { PATH: process.env.PATH ?? '', SHIPPO_OPENAPI: shippoOpenApi() },
      stdio: 'pipe',
    });
    const port = await freePort();
    const gateway = await startNodeProcess({
      entry: GATEWAY_BIN,
      nodeArgs: options.nodeArgs ?? [],
      args: [
        'supergraph',
        supergraph,
        '--config-path',
        path.join(PEER_DIR, 'gateway.config.ts'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        ...(options.jit ? ['--jit'] : []),
      ],
      env: { SHIPPO_URL: options.double.url, SHIPPO_TOKEN: options.double.token, NODE_ENV: 'production' },
      ready: /Listening on (http:\/\/[\d.:]+)/,
      startTimeoutMs: 60_000,
    });
    return { ...gateway, removeFiles };
  } catch (error) {
    removeFiles();
    throw error;
  }
}
