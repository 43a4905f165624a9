/**
 * Shippo deliveries: the self-serve credential is a `?token=` in the registered URL (Shippo's
 * "Webhook security" option 2), compared in constant time. When the account has HMAC
 * (SHIPPO_SIGNING_SECRET), `Shippo-Auth-Signature: t=…,v1=…` is required as well, within 300 s
 * (the format is unconfirmed from Shippo's own text: see test-message.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { dateField, field, type InboundVerifier, safeEqual, stringField } from '../inbound-verifier.ts';
import { SHIPPO_SIGNATURE_HEADER } from './test-message.ts';

export const SHIPPO_TOLERANCE_SECONDS = 300;

function parseSignature(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1') v1.push(value);
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

export function shippoInboundVerifier(signingSecret: string | null): InboundVerifier {
  return {
    provider: 'SHIPPO',
    unavailableReason: null,
    newSourceSecret: () => randomBytes(24).toString('base64url'),
    targetUrl: (url, secret) => `${url}?token=${secret ?? ''}`,
    upstreamSecret: () => null,
    verify(request, secret) {
      const tokenOk = secret !== null && safeEqual(request.query.get('token') ?? '', secret);
      if (signingSecret === null) return tokenOk;
      const signature = parseSignature(request.header(SHIPPO_SIGNATURE_HEADER) ?? '');
      if (signature === null) return false;
      const fresh = Math.abs(request.now.getTime() / 1000 - signature.t) <= SHIPPO_TOLERANCE_SECONDS;
      const expected = createHmac('sha256', signingSecret).update(`${signature.t}.`).update(request.rawBody).digest('hex');
      // Every candidate is compared, so the time taken does not say which one matched.
      const signed = signature.v1.map((candidate) => safeEqual(candidate, expected)).includes(true);
      return tokenOk && fresh && signed;
    },
    describe(payload) {
      const data = field(payload, 'data');
      return {
        type: stringField(field(payload, 'event')) ?? 'unknown',
        // Tracks carry the status's date; transactions their last update.
        occurredAt: dateField(field(field(data, 'tracking_status'), 'status_date')) ?? dateField(field(data, 'object_updated')),
        data: data ?? null,
        eventId: null,
      };
    },
  };
}
