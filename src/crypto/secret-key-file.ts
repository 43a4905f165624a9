import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ownerOnlyFile, ownerOnlyFolder } from '../util/owner-only-files.ts';
import { SECRET_KEY_BYTES } from './secret-box.ts';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The key that seals endpoint secrets for the embedded store: read from DATA_DIR, or created
 * there on first start, readable by the owner only. (With PostgreSQL, HOOKGATE_SECRET_KEY is
 * required instead, so every instance has the same key.)
 */
export function loadOrCreateSecretKey(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) {
    ownerOnlyFile(file);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`${file} does not hold a base64 ${SECRET_KEY_BYTES}-byte key`);
    return key;
  }
  ownerOnlyFolder(dataDir);
  const key = randomBytes(SECRET_KEY_BYTES);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
