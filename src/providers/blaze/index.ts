import type { BlazeConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';

/** Builds the BLAZE adapter from its configuration. */
export function createBlazeProvider(_config: BlazeConfig, _deps: UpstreamDeps): WebhookProvider {
  throw new Error('The BLAZE adapter is being written');
}
