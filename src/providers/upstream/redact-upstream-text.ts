/**
 * The one redaction of text a provider sends back (error messages) before it reaches a caller
 * or a log line: every credential the gateway holds for that provider, and whatever looks like
 * a credential (an Authorization value, `api_key=…`, `"password": "…"`, a `whsec_` secret), in
 * case an upstream echoes a header or a form it received.
 */

export const REDACTED = '[redacted]';

/** Shorter values would blank out ordinary words; no credential is this short. */
const MIN_CREDENTIAL_LENGTH = 6;

/** Values of credential-named fields: at least 8 token characters, so "token: expired" stays readable. */
const SECRET_VALUE = '[A-Za-z0-9._~+/=-]{8,}';

const CREDENTIAL_SHAPES: readonly RegExp[] = [
  // An Authorization header's value after its scheme.
  new RegExp(`(\\b(?:bearer|basic|shippotoken)\\s+)${SECRET_VALUE}`, 'gi'),
  // `name=value`, `name: value`, `"name": "value"` for credential-like names.
  new RegExp(
    `(\\b[\\w-]*(?:api[_-]?key|partner[_-]?key|developer[_-]?key|token|secret|password|passwd|authorization|signature)["']?\\s*[:=]\\s*["']?)${SECRET_VALUE}`,
    'gi',
  ),
  /(\b)whsec_[A-Za-z0-9+/=]+/g,
];

/**
 * `text` with each of `credentials` (also without its scheme, e.g. the token of "ShippoToken
 * <token>") and every credential-shaped value replaced by `[redacted]`.
 */
export function redactUpstreamText(text: string, credentials: Iterable<string | null | undefined>): string {
  let out = text;
  for (const credential of credentials) {
    if (!credential) continue;
    // "Bearer <token>": the token alone may be echoed too, but not every "Bearer" is a secret.
    const scheme = /^[A-Za-z]+ (?=\S)/.exec(credential)?.[0] ?? '';
    for (const value of [credential, credential.slice(scheme.length)]) {
      if (value.length >= MIN_CREDENTIAL_LENGTH) out = out.replaceAll(value, REDACTED);
    }
  }
  for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, `$1${REDACTED}`);
  return out;
}
