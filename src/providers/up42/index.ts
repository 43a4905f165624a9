import type { Up42Config } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';

/** Builds the UP42 adapter from its configuration. */
export function createUp42Provider(_config: Up42Config, _deps: UpstreamDeps): WebhookProvider {
  throw new Error('The UP42 adapter is being written');
}
