#!/usr/bin/env node
/**
 * `hookgate keys create|list|revoke`: manages API keys in the store the environment names
 * (DATA_DIR, or DATABASE_URL), the same store the gateway uses. It says which store it used;
 * only `keys create` may start an embedded store that does not exist yet.
 */
import { parseArgs } from 'node:util';
import { createApiKey, parseScopes, tenantProblem } from './auth/api-keys.ts';
import { ConfigError, DEFAULT_DATA_DIR, loadConfig } from './config.ts';
import { openStore } from './store/open-store.ts';
import { storeLocation } from './store/store-location.ts';
import { VERSION } from './version.ts';

const USAGE = `Usage:
  hookgate keys create --tenant <tenant> --scopes <scope,...> [--name <name>]
  hookgate keys list [--tenant <tenant>]
  hookgate keys revoke <key id>
  hookgate --help | --version

Scopes: webhooks:read, webhooks:write, events:publish, admin (all of them).
The store is the gateway's: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR
(default ${DEFAULT_DATA_DIR}, whichever folder you run this from).`;

function fail(message: string): never {
  console.error(`hookgate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    console.log(`hookgate ${VERSION}: API keys of a Hookgate gateway.\n\n${USAGE}`);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    console.log(VERSION);
    return;
  }
  const [group, command, ...rest] = argv;
  if (group !== 'keys' || !command) fail('expected a command');
  if (!['create', 'list', 'revoke'].includes(command)) fail(`unknown command "keys ${command}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } },
  });

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const location = storeLocation(config);
  // Only `create` may start a new store (keys made before the gateway's first start).
  if (!location.exists && command !== 'create') {
    console.error(
      `hookgate: no store at ${location.description}.\n` +
        'Start the gateway once there (npm start), or set DATA_DIR to the folder the gateway uses.',
    );
    process.exit(1);
  }
  console.error(`Store: ${location.description}${location.exists ? '' : ', new'}`);
  const store = await openStore(config);
  try {
    switch (command) {
      case 'create': {
        if (!values.tenant) fail('--tenant is required');
        const problem = tenantProblem(values.tenant);
        if (problem) fail(`--tenant: ${problem}`);
        let scopes;
        try {
          scopes = parseScopes(values.scopes ?? '');
        } catch (error) {
          fail(`--scopes: ${(error as Error).message}`);
        }
        const { record, token } = await createApiKey(store, { tenant: values.tenant, scopes, name: values.name ?? null });
        console.log(`Created key ${record.id} for tenant ${record.tenant} with scopes ${record.scopes.join(', ')}.`);
        console.log('It is shown only now; send it as Authorization: Bearer <key> or X-API-Key: <key>:\n');
        console.log(token);
        break;
      }
      case 'list': {
        const keys = await store.listApiKeys(values.tenant ?? null);
        if (keys.length === 0) console.log('No keys.');
        for (const key of keys) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          console.log(`${key.id}  ${key.tenant}  ${key.scopes.join(',')}  ${state}  created ${key.createdAt.toISOString()}${key.name ? `  ${key.name}` : ''}`);
        }
        break;
      }
      case 'revoke': {
        const [id] = positionals;
        if (!id) fail('give the id of the key to revoke (see `hookgate keys list`)');
        if (!(await store.revokeApiKey(id, new Date()))) fail(`no active key ${id}`);
        console.log(`Revoked key ${id}.`);
        break;
      }
      default:
        fail(`unknown command "keys ${command}"`);
    }
  } finally {
    await store.close();
  }
}

await main(process.argv.slice(2));
