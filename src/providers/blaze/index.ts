import type { BlazeConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { BlazeProvider } from './blaze-provider.ts';

/** Builds the BLAZE adapter from its configuration. */
export function createBlazeProvider(config: BlazeConfig, deps: UpstreamDeps): WebhookProvider {
  return new BlazeProvider(config, deps);
}
