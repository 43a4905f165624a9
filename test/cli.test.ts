/** `hookgate keys …` as a person runs it, against the same store the gateway then uses. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { Providers } from './support/documents.ts';
import { executeAs, tempDataDir, testConfig } from './support/gateway.ts';

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
    expect((await executeAs(app, token!, Providers)).status).toBe(401);
    expect(hookgate(data.dir, 'keys', 'revoke', id)).toMatchObject({ code: 2, err: expect.stringContaining(`no active key ${id}`) });
  });

  it.each([
    [['keys', 'create', '--tenant', 'acme', '--scopes', 'everything'], /unknown scope\(s\) everything/],
    [['keys', 'create', '--scopes', 'admin'], /--tenant is required/],
    [['keys', 'create', '--tenant', 'Not Valid', '--scopes', 'admin'], /--tenant: a tenant is/],
    [['keys', 'fly'], /unknown command "keys fly"/],
    [[], /expected a command/],
  ])('refuses %j with a message and exit code 2', (args, message) => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const result = hookgate(data.dir, ...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
