/**
 * A PostgreSQL server of the test's own, on a free port in a temporary folder (initdb + pg_ctl),
 * that a fault test may stop, restart or crash without touching the machine's shared server.
 * Run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : path.join(root, newest, 'bin');
}

function postgresUid(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

const BIN = binDir();
const AS_ROOT = userInfo().uid === 0;

/** Why no server of the test's own can run here; null when one can. */
export const OWN_POSTGRES_UNAVAILABLE: string | null =
  BIN === null ? 'no PostgreSQL server binaries under /usr/lib/postgresql' : AS_ROOT && postgresUid() === null ? 'running as root without a postgres user' : null;


export interface OwnPostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Starts the server and resolves once it accepts connections. */
  start(): Promise<void>;
  /** `fast` ends every session (57P01) and shuts down cleanly; `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
}

/** Creates the cluster (initdb); it is not started. */
export async function createOwnPostgres(): Promise<OwnPostgres> {
  if (OWN_POSTGRES_UNAVAILABLE !== null || BIN === null) throw new Error(OWN_POSTGRES_UNAVAILABLE ?? 'unavailable');
  const dir = mkdtempSync(path.join(tmpdir(), 'hookgate-pg-'));
  const owner = AS_ROOT ? postgresUid() : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const asPostgres = (command: string, args: string[]) =>
    AS_ROOT ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args]) : run(path.join(BIN, command), args);
  const data = path.join(dir, 'data');
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '120', 'start']);
      running = true;
    },
    stop,
    async destroy() {
      if (running) await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
