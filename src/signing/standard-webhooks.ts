/**
 * Standard Webhooks (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of
 * random bytes; each request carries `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`, several
 * signatures separated by spaces while a secret is being rotated.
 */
import { createHmac, createSecretKey, type KeyObject, randomBytes, randomUUID } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
const DEFAULT_SECRET_BYTES = 32;

export function generateSecret(bytes = DEFAULT_SECRET_BYTES): string {
  return SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/** Returns why the secret is not a usable Standard Webhooks secret, or null when it is. */
export function secretProblem(secret: string): string | null {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with "${SECRET_PREFIX}"`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return `must be "${SECRET_PREFIX}" followed by standard base64`;
  }
  const length = Buffer.from(encoded, 'base64').length;
  if (length < SECRET_MIN_BYTES || length > SECRET_MAX_BYTES) {
    return `must encode ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} bytes (it encodes ${length})`;
  }
  return null;
}

// Preparing an HMAC key from a Buffer costs about ten times the HMAC of a small message, and
// every delivery to an endpoint uses the same secret: keep the prepared keys. Bounded so that
// secrets rotated out do not pile up.
const KEY_CACHE_LIMIT = 10_000;
const preparedKeys = new Map<string, KeyObject>();

function secretKey(secret: string): KeyObject {
  let key = preparedKeys.get(secret);
  if (key === undefined) {
    if (preparedKeys.size >= KEY_CACHE_LIMIT) preparedKeys.clear();
    key = createSecretKey(Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64'));
    preparedKeys.set(secret, key);
  }
  return key;
}

export function newMessageId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signStandardWebhook(message: {
  id: string;
  timestamp: Date;
  body: string;
  /** The current secret first; a secret being rotated out signs too. */
  secrets: readonly string[];
}): SignedHeaders {
  const timestamp = Math.floor(message.timestamp.getTime() / 1000).toString();
  const signed = `${message.id}.${timestamp}.${message.body}`;
  const signatures = message.secrets.map(
    (secret) => `v1,${createHmac('sha256', secretKey(secret)).update(signed).digest('base64')}`,
  );
  return {
    'webhook-id': message.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}
