/**
 * An older Node gets one clear message naming the version needed and how to get it, from
 * `npm start`, `npm test` and `npx hookgate`, instead of a crash in some import. Run with the
 * machine's real older Node when it has one (Debian's /usr/bin/node), and with a fake
 * `process.version` always.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, isSupported } from '../bin/require-node.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OLD_NODE = '/usr/bin/node';
const oldNodeVersion = existsSync(OLD_NODE) ? spawnSync(OLD_NODE, ['-v'], { encoding: 'utf8' }).stdout.trim() : '';
const hasOldNode = oldNodeVersion !== '' && !isSupported(oldNodeVersion);

// A folder whose `node` is the old one, put first on PATH: npm's scripts then run under it.
const oldNodeBin = mkdtempSync(path.join(tmpdir(), 'hookgate-old-node-'));
if (hasOldNode) symlinkSync(OLD_NODE, path.join(oldNodeBin, 'node'));
afterAll(() => rmSync(oldNodeBin, { recursive: true, force: true }));

const NEEDS = /Hookgate needs Node\.js 24\.15 or newer \(22\.22\.2\+ on Node 22\); `(.+)` ran on Node v\d+/;

function expectTheMessage(result: { status: number | null; stderr: string }, command: string) {
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(NEEDS);
  expect(NEEDS.exec(result.stderr)?.[1]).toBe(command);
  expect(result.stderr).toContain('npm install --no-save --prefix ~/.cache/hookgate-node24 node@24');
  expect(result.stderr).not.toMatch(/ERR_|node:sqlite|Unknown file extension|EBADENGINE/);
}

describe('the Node version', () => {
  it('package.json engines is what the check enforces, and what the dependencies need', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(ENGINES);
    expect(['v20.20.2', 'v22.18.0', 'v22.22.1', 'v24.14.0', 'v25.1.0'].filter(isSupported)).toEqual([]);
    expect(['v22.22.2', 'v22.23.0', 'v24.15.0', 'v24.21.0', 'v26.0.0'].every(isSupported)).toBe(true);
    expect(isSupported(process.version)).toBe(true);
  });

  it('a fake older process.version gets the message', () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { requireNode } from ${JSON.stringify(path.join(ROOT, 'bin/require-node.js'))}; requireNode('npm start', 'v22.18.0');`],
      { encoding: 'utf8' },
    );
    expectTheMessage(result, 'npm start');
  });

  describe.skipIf(!hasOldNode)(`a real Node ${oldNodeVersion}`, () => {
    const env = { ...process.env, PATH: `${oldNodeBin}:${process.env.PATH ?? ''}` };

    it('npx hookgate (its bin)', () => {
      expectTheMessage(spawnSync(OLD_NODE, [path.join(ROOT, 'bin/hookgate.js'), 'keys', 'list'], { encoding: 'utf8', env }), 'npx hookgate');
    });

    it.each(['start', 'test'])('npm %s', (script) => {
      const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, encoding: 'utf8', env });
      expectTheMessage({ status: result.status, stderr: result.stderr }, `npm ${script}`);
    });
  });
});
