#!/usr/bin/env node
/**
 * `hookgate keys create|list|revoke`: manages API keys in the store the environment names
 * (DATA_DIR, or DATABASE_URL), the same store the gateway uses.
 */
import { parseArgs } from 'node:util';
import { createApiKey, parseScopes, tenantProblem } from './auth/api-keys.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openStore } from './store/open-store.ts';

const USAGE = `Usage:
  hookgate keys create --tenant <tenant> --scopes <scope,...> [--name <name>]
  hookgate keys list [--tenant <tenant>]
  hookgate keys revoke <key id>

Scopes: webhooks:read, webhooks:write, events:publish, admin (all of them).
The store is the gateway's: DATA_DIR (default ./data) or DATABASE_URL.`;

function fail(message: string): never {
  console.error(`hookgate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [group, command, ...rest] = argv;
  if (group !== 'keys' || !command) fail('expected a command');
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
