/**
 * API keys as shown to people: `hg_<key id>_<secret>`. Only a SHA-256 of the whole key is
 * stored; the keys are 256-bit random, so a fast hash is enough (no password stretching needed).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface NewApiKey {
  id: string;
  /** The key itself: shown once, never stored. */
  token: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const token = `hg_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashApiKey(token) };
}

export function hashApiKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The key id a token claims, or null when it is not shaped like one of ours. */
export function apiKeyId(token: string): string | null {
  const match = /^hg_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token);
  return match?.[1] ?? null;
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
