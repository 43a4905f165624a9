/**
 * Secure by default: when auth is on and no key exists yet, the first start creates an admin
 * key for tenant `default`, writes it to a file only the owner can read, and says where.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/store.ts';
import { createApiKey } from './api-keys.ts';

export const ADMIN_KEY_FILE = 'admin-api-key';

/** Returns the new key, or null when keys existed already. */
export async function bootstrapAdminKey(store: Store, dataDir: string): Promise<{ token: string; file: string } | null> {
  if ((await store.countActiveApiKeys()) > 0) return null;
  const { token } = await createApiKey(store, { tenant: 'default', scopes: ['admin'], name: 'bootstrap admin' });
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}
