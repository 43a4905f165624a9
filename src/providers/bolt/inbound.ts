/**
 * Bolt deliveries: `X-Bolt-Hmac-Sha256` = base64(HMAC-SHA256(merchant signing secret, raw
 * body)) (NOTES.md). The secret is the account's (BOLT_SIGNING_SECRET), so sources need none.
 * The v2 envelope is `{type, object, data}`; legacy v1 hooks are flat, with `type` at the top.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { dateField, field, type InboundVerifier, safeEqualBytes, stringField } from '../inbound-verifier.ts';
import { BOLT_SIGNATURE_HEADER } from './test-message.ts';

export function boltInboundVerifier(signingSecret: string | null): InboundVerifier {
  // Prepared once: from a string, each HMAC would prepare its key again.
  const key = signingSecret === null ? null : createSecretKey(Buffer.from(signingSecret));
  return {
    provider: 'BOLT',
    unavailableReason: signingSecret === null ? 'BOLT_SIGNING_SECRET is not set, so Bolt deliveries cannot be verified' : null,
    newSourceSecret: () => null,
    targetUrl: (url) => url,
    upstreamSecret: () => null,
    verify(request) {
      const signature = request.header(BOLT_SIGNATURE_HEADER);
      if (key === null || signature === null) return false;
      // Over the bytes as received: decoding them first would change a body that is not valid UTF-8.
      const expected = createHmac('sha256', key).update(request.rawBody).digest('base64');
      // The header compared as text with the MAC's canonical base64, so that one comparison
      // checks both the MAC and its encoding (a decoder would skip what follows the padding).
      return safeEqualBytes(Buffer.from(signature), Buffer.from(expected));
    },
    describe(payload) {
      const data = field(payload, 'data');
      const flat = data === undefined;
      return {
        type: stringField(field(payload, 'type')) ?? 'unknown',
        occurredAt: dateField(field(flat ? payload : data, 'date')),
        data: flat ? payload : data,
        eventId: null,
      };
    },
  };
}
