import type { ProvidersConfig } from '../config.ts';
import { createBlazeProvider } from './blaze/index.ts';
import { createBoltProvider } from './bolt/index.ts';
import type { WebhookProvider } from './contract.ts';
import { createShippoProvider } from './shippo/index.ts';
import { createUp42Provider } from './up42/index.ts';
import type { UpstreamDeps } from './upstream/upstream-deps.ts';

/** One adapter per provider whose credentials are configured. */
export function createUpstreamProviders(config: ProvidersConfig, deps: UpstreamDeps): WebhookProvider[] {
  return [
    config.bolt && createBoltProvider(config.bolt, deps),
    config.shippo && createShippoProvider(config.shippo, deps),
    config.blaze && createBlazeProvider(config.blaze, deps),
    config.up42 && createUp42Provider(config.up42, deps),
  ].filter((provider): provider is WebhookProvider => provider !== null);
}
