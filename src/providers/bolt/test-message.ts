/**
 * Test deliveries in the shape Bolt sends: the v2 "universal" envelope, signed with
 * `X-Bolt-Hmac-Sha256` = base64(HMAC-SHA256(merchant signing secret, raw body)).
 */
import { createHmac } from 'node:crypto';
import type { TestMessageBuilder } from '../../webhooks/test-sender.ts';

export const BOLT_SIGNATURE_HEADER = 'X-Bolt-Hmac-Sha256';

export function signBoltBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/**
 * Without a signing secret the message goes out unsigned: the test still shows whether the
 * receiver is reachable, and a receiver that verifies signatures will say it refused it.
 */
export function boltTestMessage(signingSecret: string | null): TestMessageBuilder {
  return (event) => {
    const body = JSON.stringify({ type: event.name, object: 'transaction', data: event.example ?? {} });
    const headers: Record<string, string> = signingSecret ? { [BOLT_SIGNATURE_HEADER]: signBoltBody(signingSecret, body) } : {};
    return { body, headers };
  };
}
