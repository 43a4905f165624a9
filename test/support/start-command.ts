/**
 * The gateway as `npm start` runs it, so that benchmarks measure exactly that and a test can
 * start it: the start script of package.json is read for its entry point and Node flags, and
 * the build it runs first (`prestart`) is run here too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface StartCommand {
  /** Absolute path of the compiled entry point. */
  entry: string;
  nodeArgs: string[];
}

/** Builds dist/ and returns how `npm start` runs it. */
export function buildGatewayAsStarted(): StartCommand {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = (scripts.start ?? '').trim().split(/\s+/);
  const entry = args.pop();
  if (node !== 'node' || !entry || args.some((arg) => !arg.startsWith('--'))) {
    throw new Error(`package.json's start script is not "node [--flags] <entry>": ${scripts.start}`);
  }
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return { entry: path.join(ROOT, entry), nodeArgs: args };
}
