import type { ShippoConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';

/** Builds the SHIPPO adapter from its configuration. */
export function createShippoProvider(_config: ShippoConfig, _deps: UpstreamDeps): WebhookProvider {
  throw new Error('The SHIPPO adapter is being written');
}
