/**
 * BLAZE deliveries: BLAZE publishes no signature scheme (NOTES.md), so the unguessable path
 * token of the source's URL is the only credential; anyone who learns the URL can post to it.
 * The payload envelope is undocumented: the type is the source's one subscribed type, else
 * whatever the body names.
 */
import { field, type InboundVerifier, stringField } from '../inbound-verifier.ts';

export function blazeInboundVerifier(): InboundVerifier {
  return {
    provider: 'BLAZE',
    unavailableReason: null,
    newSourceSecret: () => null,
    targetUrl: (url) => url,
    upstreamSecret: () => null,
    verify: () => true,
    describe(payload, events) {
      const named = stringField(field(payload, 'webHookType')) ?? stringField(field(payload, 'type'));
      const subscribed = events.length === 1 && events[0] !== '*' ? events[0]! : null;
      return { type: subscribed ?? named ?? 'unknown', occurredAt: null, data: payload, eventId: stringField(field(payload, 'eventId')) };
    },
  };
}
