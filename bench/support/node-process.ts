/**
 * Runs a Node script as a child process and waits until it announces where it listens, so a
 * benchmark's servers and its load generator do not share one event loop (or one CPU core).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface NodeProcessOptions {
  /** The script, run by the current Node binary. */
  entry: string;
  /** Arguments after the script. */
  args?: string[];
  /** Node flags before the script, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']`. */
  nodeArgs?: string[];
  /** The child's whole environment (nothing is inherited except PATH). */
  env?: Record<string, string>;
  /** Matches the output that announces readiness; capture group 1 is the URL to report. */
  ready: RegExp;
  /** How long to wait for `ready` before killing the child; default 20 s. */
  startTimeoutMs?: number;
}

export interface NodeProcess {
  child: ChildProcess;
  /** Capture group 1 of `ready`, e.g. http://127.0.0.1:4321 */
  url: string;
  /** What it printed (stdout and stderr): the last 64 KiB, as a server may log every request. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const OUTPUT_KEPT = 64 * 1024;

const running = new Set<ChildProcess>();
let guarded = false;

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * A parent that exits, or is stopped by SIGINT or SIGTERM, must not leave servers running
 * (they would hold their ports and a CPU core). A signal becomes an exit (code 128 + signal
 * number, as shells report it) so that every 'exit' handler runs, this one included.
 */
function guardParent(): void {
  if (guarded) return;
  guarded = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(128 + constants.signals[signal]));
  }
}

export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry, ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  guardParent();
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));

  let output = '';
  let ready = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.entry} did not become ready within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
      const match = ready ? null : options.ready.exec(output);
      if (match?.[1]) {
        ready = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code} before it was ready:\n${output}`));
    });
  });

  let stopping: Promise<number | null> | undefined;
  return {
    child,
    url,
    output: () => output,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopping;
    },
  };
}

