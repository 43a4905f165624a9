/**
 * Hive Gateway over the Shippo double, for bench/proxy: composes the supergraph with
 * `mesh-compose` (bench/hive/mesh.config.ts) into a scratch folder, then runs `hive-gateway`
 * on it as its own process, with its defaults (in-flight deduplication of upstream calls on).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';
import { type NodeProcess, startNodeProcess } from './node-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The Shippo document: beside the checkout (`../shared/…`), else the machine's shared copy. */
function shippoOpenApi(): string {
  for (const candidate of [path.resolve(ROOT, '../shared'), path.resolve(ROOT, '../../shared'), '/work/shared']) {
    const file = path.join(candidate, 'upstream/shippo/openapi.webhooks.yaml');
    if (existsSync(file)) return file;
  }
  throw new Error('upstream/shippo/openapi.webhooks.yaml not found beside the checkout');
}

export async function startHiveGateway(double: { url: string; token: string }): Promise<NodeProcess & { removeFiles(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-bench-hive-'));
  const supergraph = path.join(dir, 'supergraph.graphql');
  const env = { PATH: process.env.PATH ?? '', SHIPPO_URL: double.url, SHIPPO_TOKEN: double.token, SHIPPO_OPENAPI: shippoOpenApi() };
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@graphql-mesh/compose-cli/esm/bin.js'), '-o', supergraph], {
    cwd: path.join(ROOT, 'bench/hive'),
    env,
    stdio: 'pipe',
  });
  const port = await freePort();
  const gateway = await startNodeProcess({
    entry: path.join(ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
    args: ['supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port)],
    env: { ...env, NODE_ENV: 'production' },
    ready: /Listening on (http:\/\/[\d.:]+)/,
    startTimeoutMs: 60_000,
  });
  return { ...gateway, removeFiles: () => rmSync(dir, { recursive: true, force: true }) };
}
