import type { ProvidersConfig } from '../config.ts';
import type { InboundProvider } from '../store/store.ts';
import { blazeInboundVerifier } from './blaze/inbound.ts';
import { boltInboundVerifier } from './bolt/inbound.ts';
import type { InboundVerifier } from './inbound-verifier.ts';
import { shippoInboundVerifier } from './shippo/inbound.ts';
import { up42InboundVerifier } from './up42/inbound.ts';

/** One verifier per provider Hookgate can receive from, with the account secrets the configuration holds. */
export function createInboundVerifiers(providers: ProvidersConfig): ReadonlyMap<InboundProvider, InboundVerifier> {
  return new Map<InboundProvider, InboundVerifier>([
    ['BOLT', boltInboundVerifier(providers.bolt?.signingSecret ?? null)],
    ['SHIPPO', shippoInboundVerifier(providers.shippo?.signingSecret ?? null)],
    ['BLAZE', blazeInboundVerifier()],
    ['UP42', up42InboundVerifier()],
  ]);
}
