import { randomBytes } from 'node:crypto';

/**
 * A new signing secret: 32 random bytes, base64url. UP42 uses the secret's text as the HMAC
 * key, so any string works; this one is strong and safe in headers and JSON.
 */
export function generateUp42Secret(): string {
  return randomBytes(32).toString('base64url');
}
