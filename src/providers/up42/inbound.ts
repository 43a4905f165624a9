/**
 * UP42 deliveries, signed as UP42's own validation snippet (up42/up42-webhooks) reads them:
 * `Signature-Input: up42-sig=("<header>" …);created=<unix s>` lists header fields, and
 * `Signature: up42-sig=<base64 HMAC-SHA256(secret, the listed values concatenated)>`. Requests
 * whose `created` is more than 300 s from now are refused.
 *
 * Which headers UP42 lists is not documented. Only a body digest among them ties the signature
 * to the body, so one (`Content-Digest: sha-256=:…:` or `Digest: SHA-256=…`) must be listed and
 * must match the raw body: without it, a captured signature would authenticate any body.
 */
import { createHash, createHmac } from 'node:crypto';
import { dateField, field, type InboundVerifier, safeEqual, stringField } from '../inbound-verifier.ts';
import { generateUp42Secret } from './secret.ts';

export const UP42_TOLERANCE_SECONDS = 300;
const LABEL = 'up42-sig';

/** The listed header names and `created` of a `Signature-Input` value. */
export function parseSignatureInput(header: string): { components: string[]; created: number } | null {
  const match = new RegExp(`${LABEL}=\\(([^)]*)\\)(.*)`).exec(header);
  const created = /;\s*created=(\d{1,15})/.exec(match?.[2] ?? '');
  if (!match || !created) return null;
  const components = [...(match[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
  return components.length === 0 ? null : { components, created: Number(created[1]) };
}

/** The message the HMAC covers: the listed header values, concatenated in order. */
export function up42SignedMessage(components: readonly string[], header: (name: string) => string | null): string | null {
  let message = '';
  for (const name of components) {
    const value = header(name);
    if (value === null) return null;
    message += value;
  }
  return message;
}

export function up42Signature(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('base64');
}

function digestMatches(header: (name: string) => string | null, components: readonly string[], body: Buffer): boolean {
  const sha256 = createHash('sha256').update(body).digest('base64');
  if (components.includes('content-digest')) {
    const value = /sha-256=:([A-Za-z0-9+/=]+):/.exec(header('content-digest') ?? '')?.[1];
    return value !== undefined && safeEqual(value, sha256);
  }
  if (components.includes('digest')) {
    const value = /sha-256=([A-Za-z0-9+/=]+)/i.exec(header('digest') ?? '')?.[1];
    return value !== undefined && safeEqual(value, sha256);
  }
  return false;
}

export function up42InboundVerifier(): InboundVerifier {
  return {
    provider: 'UP42',
    unavailableReason: null,
    newSourceSecret: generateUp42Secret,
    targetUrl: (url) => url,
    upstreamSecret: (secret) => secret,
    verify(request, secret) {
      const input = parseSignatureInput(request.header('signature-input') ?? '');
      const signature = request.header('signature');
      if (secret === null || input === null || signature === null) return false;
      const fresh = Math.abs(request.now.getTime() / 1000 - input.created) <= UP42_TOLERANCE_SECONDS;
      const message = up42SignedMessage(input.components, (name) => request.header(name));
      if (message === null) return false;
      const given = signature.slice(signature.indexOf('=') + 1).replace(/^:|:$/g, '');
      const signed = safeEqual(given, up42Signature(secret, message));
      return signed && fresh && digestMatches((name) => request.header(name), input.components, request.rawBody);
    },
    describe(payload) {
      return {
        type: stringField(field(payload, 'event')) ?? 'unknown',
        occurredAt: dateField(field(payload, 'createdAt')) ?? dateField(field(field(payload, 'body'), 'updatedAt')),
        data: field(payload, 'body') ?? null,
        eventId: stringField(field(payload, 'id')),
      };
    },
  };
}
