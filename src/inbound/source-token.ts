/** The unguessable path token of an inbound source's URL, and the hash it is found by. */
import { hash, randomBytes } from 'node:crypto';

export const INBOUND_PATH = '/inbound/';

/** 256 random bits, base64url (43 characters). */
export function newSourceToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSourceToken(token: string): string {
  return hash('sha256', token);
}

/** The token of an inbound path, or null when the path is not one. */
export function tokenOfPath(pathname: string): string | null {
  if (!pathname.startsWith(INBOUND_PATH)) return null;
  const token = pathname.slice(INBOUND_PATH.length);
  return /^[A-Za-z0-9_-]{1,128}$/.test(token) ? token : '';
}

/** The path with an inbound token hidden: the token is the source's credential, and logs are no place for it. */
export function withoutSourceToken(pathname: string): string {
  return pathname.startsWith(INBOUND_PATH) ? `${INBOUND_PATH}…` : pathname;
}
