/**
 * What each part of a webhook reference (the provider's webhook id and its scope values) may
 * look like, per provider. Checked before any part reaches an upstream URL path: a forged
 * `..` would otherwise make the gateway call `GET /v1/` with its credentials. Each pattern is
 * the documented shape (shared/upstream/<provider>), loosened where the documents show only
 * examples; none admits `/`, `\`, `.`, `?`, `#`, `%`, control characters or the empty string.
 */
import type { ProviderName } from './provider-name.ts';

/** Base64url letters: Bolt's `wh_za7VbYcSQU2zRgGQXQAm-g` and `3X9aPQ67-YrB`, Shippo's hex object_id, BLAZE's ObjectIds. */
const WORD_ID = /^[A-Za-z0-9_-]{1,128}$/;

const ID_FORMATS: Record<ProviderName, { pattern: RegExp; shape: string }> = {
  LOCAL: { pattern: WORD_ID, shape: 'letters, digits, _ and -' },
  BOLT: { pattern: WORD_ID, shape: 'letters, digits, _ and -' },
  SHIPPO: { pattern: WORD_ID, shape: 'letters, digits, _ and -' },
  BLAZE: { pattern: WORD_ID, shape: 'letters, digits, _ and -' },
  // UUIDs (format: uuid in the OpenAPI document), accepted in any letter case.
  UP42: { pattern: /^[A-Za-z0-9-]{1,64}$/, shape: 'a UUID' },
};

/** Why `value` cannot be an id part of `provider`; null when it can. */
export function idPartProblem(provider: ProviderName, value: string): string | null {
  const format = ID_FORMATS[provider];
  return format.pattern.test(value) ? null : `is not a ${provider} id (${format.shape})`;
}
