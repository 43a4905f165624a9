/**
 * Test deliveries in Shippo's outbound format: the `{event, test, data}` envelope and, when the
 * account has HMAC enabled, a Stripe-style `Shippo-Auth-Signature` header.
 */
import { createHmac } from 'node:crypto';
import type { TestMessageBuilder } from '../../webhooks/test-sender.ts';

export const SHIPPO_SIGNATURE_HEADER = 'Shippo-Auth-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. UNCONFIRMED: Shippo's own
 * text on the format is cut off; this is what several third-party verifiers citing the docs agree on.
 */
export function signShippoPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Builds each test message now, so every message carries its own timestamp. */
export function shippoTestMessageBuilder(signingSecret: string | null, now: () => Date = () => new Date()): TestMessageBuilder {
  return (event) => {
    const body = JSON.stringify({ event: event.name, test: true, data: event.example });
    const headers: Record<string, string> = {};
    if (signingSecret !== null) {
      headers[SHIPPO_SIGNATURE_HEADER] = signShippoPayload(signingSecret, body, Math.floor(now().getTime() / 1000));
    }
    return { body, headers };
  };
}
