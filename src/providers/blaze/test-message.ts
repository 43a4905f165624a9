/**
 * Test deliveries in BLAZE's manner, emulated by Hookgate (BLAZE has no test endpoint).
 * BLAZE documents neither a payload envelope nor a signature, so the body below is an
 * assumption: the webhook type, the shop and the sample object under `data`, sent unsigned.
 */
import type { TestMessageBuilder } from '../../webhooks/test-sender.ts';

export function blazeTestMessageBuilder(shopId: string | null): TestMessageBuilder {
  return (event) => ({
    body: JSON.stringify({ webHookType: event.name, shopId, data: event.example ?? {} }),
    headers: {},
  });
}
