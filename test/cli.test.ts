/** `hookgate keys …` as a person runs it, against the same store the gateway then uses. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { DEFAULT_DATA_DIR, loadConfig } from '../src/config.ts';
import { Providers } from './support/documents.ts';
import { executeAs, tempDataDir, testConfig } from './support/gateway.ts';
import { waitFor } from './support/wait-for.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hookgate(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('hookgate keys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const created = hookgate(data.dir, 'keys', 'create', '--tenant', 'acme', '--scopes', 'webhooks:read,events:publish', '--name', 'ci');
    expect(created.code).toBe(0);
    const token = /^(hg_[0-9a-f]{12}_\S{43})$/m.exec(created.out)?.[1];
    expect(token).toBeDefined();
    const id = token!.split('_')[1]!;

    const listed = hookgate(data.dir, 'keys', 'list', '--tenant', 'acme');
    expect(listed.out).toContain(`${id}  acme  webhooks:read,events:publish  active`);
    expect(listed.out).not.toContain(token!.slice(16));

    const app = await createApp(testConfig({ DATA_DIR: data.dir, HOOKGATE_AUTH: 'on' }));
    cleanups.push(() => app.close());
    expect((await executeAs(app, token!, Providers)).status).toBe(200);

    expect(hookgate(data.dir, 'keys', 'revoke', id).code).toBe(0);
    // A key the store found active is trusted for HOOKGATE_REVOCATION_CHECK_MS (1 s): the
    // revocation from another process takes effect within it.
    const revokedAt = Date.now();
    await waitFor(async () => (await executeAs(app, token!, Providers)).status === 401, 30_000, 50);
    console.log(`cli: the revoked key was refused ${Date.now() - revokedAt} ms after the CLI revoked it`);
    expect(hookgate(data.dir, 'keys', 'revoke', id)).toMatchObject({ code: 2, err: expect.stringContaining(`no active key ${id}`) });
  });

  it.each([
    [['keys', 'create', '--tenant', 'acme', '--scopes', 'everything'], /unknown scope\(s\) everything/],
    [['keys', 'create', '--scopes', 'admin'], /--tenant is required/],
    [['keys', 'create', '--tenant', 'Not Valid', '--scopes', 'admin'], /--tenant: a tenant is/],
    [['keys', 'fly'], /unknown command "keys fly"/],
    [[], /expected a command/],
    [['keys'], /expected a command/],
  ])('refuses %j with a message and exit code 2', (args, message) => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const result = hookgate(data.dir, ...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('hookgate, as a newcomer runs it', () => {
  const BIN = path.resolve(import.meta.dirname, '../bin/hookgate.js');
  const run = (args: string[], env: Record<string, string>, cwd?: string) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', cwd });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  it('answers --help and --version with exit code 0', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    const help = run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toContain('hookgate keys create --tenant <tenant> --scopes <scope,...>');
    expect(help.out).toMatch(/DATA_DIR\s+\(default .*\/data, whichever folder you run this from\)/);
    expect(run(['--version'], {})).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    expect(run(['keys', 'list', '--help'], {}).code).toBe(0);
  });

  it('says which store it used, and refuses to list or revoke in a store that does not exist', () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const missing = path.join(data.dir, 'not-here');
    const listed = run(['keys', 'list'], { DATA_DIR: missing });
    expect(listed.code).toBe(1);
    expect(listed.err).toContain(`no store at SQLite database ${path.join(missing, 'hookgate.sqlite')} (DATA_DIR)`);
    expect(existsSync(missing)).toBe(false);

    expect(run(['keys', 'create', '--tenant', 'acme', '--scopes', 'admin'], { DATA_DIR: data.dir }).err).toContain(
      `Store: SQLite database ${path.join(data.dir, 'hookgate.sqlite')} (DATA_DIR), new`,
    );
    const again = run(['keys', 'list'], { DATA_DIR: data.dir });
    expect(again.err).toContain(`Store: SQLite database ${path.join(data.dir, 'hookgate.sqlite')} (DATA_DIR)\n`);
    expect(again.out).toContain('acme  admin  active');
  });

  it('without DATA_DIR, uses the data folder of the checkout from any working folder, as the server does', async () => {
    const elsewhere = tempDataDir();
    cleanups.push(elsewhere.remove);
    const result = run(['keys', 'list'], {}, elsewhere.dir);
    const store = `SQLite database ${path.join(DEFAULT_DATA_DIR, 'hookgate.sqlite')} (DATA_DIR)`;
    expect(result.err).toContain(existsSync(path.join(DEFAULT_DATA_DIR, 'hookgate.sqlite')) ? `Store: ${store}` : `no store at ${store}`);
    expect(DEFAULT_DATA_DIR).toBe(path.resolve(import.meta.dirname, '../data'));
    expect(loadConfig({}).dataDir).toBe(DEFAULT_DATA_DIR);
  });
});
