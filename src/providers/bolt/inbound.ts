/**
 * Bolt deliveries: `X-Bolt-Hmac-Sha256` = base64(HMAC-SHA256(merchant signing secret, raw
 * body)) (NOTES.md). The secret is the account's (BOLT_SIGNING_SECRET), so sources need none.
 * The v2 envelope is `{type, object, data}`; legacy v1 hooks are flat, with `type` at the top.
 */
import { createHmac } from 'node:crypto';
import { dateField, field, type InboundVerifier, safeEqualBytes, stringField } from '../inbound-verifier.ts';
import { BOLT_SIGNATURE_HEADER } from './test-message.ts';

export function boltInboundVerifier(signingSecret: string | null): InboundVerifier {
  return {
    provider: 'BOLT',
    unavailableReason: signingSecret === null ? 'BOLT_SIGNING_SECRET is not set, so Bolt deliveries cannot be verified' : null,
    newSourceSecret: () => null,
    targetUrl: (url) => url,
    upstreamSecret: () => null,
    verify(request) {
      const signature = request.header(BOLT_SIGNATURE_HEADER);
      if (signingSecret === null || signature === null) return false;
      // Over the bytes as received: decoding them first would change a body that is not valid UTF-8.
      const given = Buffer.from(signature, 'base64');
      // Only the canonical encoding (the decoder skips what follows padding, and characters out of
      // the alphabet). That check involves nothing secret, so it need not take constant time.
      const canonical = given.toString('base64') === signature;
      const matches = safeEqualBytes(given, createHmac('sha256', signingSecret).update(request.rawBody).digest());
      return matches && canonical;
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
