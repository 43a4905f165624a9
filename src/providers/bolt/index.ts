import type { BoltConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { BoltProvider } from './bolt-provider.ts';

/** Builds the BOLT adapter from its configuration. */
export function createBoltProvider(config: BoltConfig, deps: UpstreamDeps): WebhookProvider {
  return new BoltProvider(config, deps);
}
