/** The gateway as a real child process: `node src/main.ts`, or the command `npm start` runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Scope } from '../../src/auth/principal.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDataDir } from './gateway.ts';
import type { StartCommand } from './start-command.ts';

const FROM_SOURCE: StartCommand = { entry: path.resolve(import.meta.dirname, '../../src/main.ts'), nodeArgs: [] };

export interface ChildGateway {
  process: ChildProcess;
  origin: string;
  /** stdout and stderr together, as they arrived. */
  output(): string;
  /** stdout alone (the log). */
  stdout(): string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

export function spawnGateway(env: Record<string, string>, command = FROM_SOURCE): ChildGateway & { ready: Promise<void> } {
  let output = '';
  let stdout = '';
  const child = spawn(process.execPath, [...command.nodeArgs, command.entry], {
    // Without the start-up warm-up (seconds per gateway) unless asked: test/warm-up.test.ts covers it.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', HOOKGATE_AUTH: 'off', HOOKGATE_WARMUP_EVENTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gateway: ChildGateway & { ready: Promise<void> } = {
    process: child,
    origin: '',
    output: () => output,
    stdout: () => stdout,
    exited,
    ready: new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^/\s]+)\/graphql/.exec(output);
        if (match?.[1]) {
          gateway.origin = match[1];
          resolve();
        }
      };
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        onData(chunk);
      });
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`gateway exited with ${code} before listening:\n${output}`)));
    }),
  };
  gateway.ready.catch(() => {}); // a test that expects a failed start awaits `exited` instead
  return gateway;
}

/**
 * A gateway process with auth on, on a fresh data folder, and one API key of tenant `acme`
 * created in its store. `stop` kills the process and removes the folder.
 */
export async function spawnGatewayWithKey(
  env: Record<string, string>,
  scopes: Scope[],
): Promise<{ child: ChildGateway; token: string; stop(): Promise<void> }> {
  const data = tempDataDir();
  const child = spawnGateway({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on', ...env });
  const stop = async () => {
    child.process.kill('SIGKILL');
    await child.exited;
    data.remove();
  };
  try {
    await child.ready;
    const store = SqliteStore.open(data.dir);
    const { token } = await createApiKey(store, { tenant: 'acme', scopes });
    await store.close();
    return { child, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
