import type { BoltConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';

/** Builds the BOLT adapter from its configuration. */
export function createBoltProvider(_config: BoltConfig, _deps: UpstreamDeps): WebhookProvider {
  throw new Error('The BOLT adapter is being written');
}
