/**
 * One provider instance per name, built at boot from the configuration. A name with no
 * configured adapter answers every operation with ProviderNotConfiguredError.
 */
import { ProviderNotConfiguredError } from '../errors.ts';
import type { Capabilities, WebhookProvider } from './contract.ts';
import type { LocalProvider } from './local/local-provider.ts';
import { PROVIDER_NAMES, type ProviderName } from './provider-name.ts';

export interface ProviderInfo {
  name: ProviderName;
  configured: boolean;
  capabilities: Capabilities | null;
}

export class ProviderRegistry {
  readonly local: LocalProvider;
  readonly #providers: ReadonlyMap<ProviderName, WebhookProvider>;

  constructor(local: LocalProvider, upstream: readonly WebhookProvider[]) {
    this.local = local;
    this.#providers = new Map<ProviderName, WebhookProvider>([
      ['LOCAL', local],
      ...upstream.map((p): [ProviderName, WebhookProvider] => [p.name, p]),
    ]);
  }

  /** The provider of that name; throws ProviderNotConfiguredError when it has no adapter configured. */
  get(name: ProviderName): WebhookProvider {
    const provider = this.#providers.get(name);
    if (!provider) throw new ProviderNotConfiguredError(name);
    return provider;
  }

  configured(): WebhookProvider[] {
    return PROVIDER_NAMES.flatMap((name) => this.#providers.get(name) ?? []);
  }

  info(): ProviderInfo[] {
    return PROVIDER_NAMES.map((name) => {
      const provider = this.#providers.get(name);
      return { name, configured: provider !== undefined, capabilities: provider?.capabilities ?? null };
    });
  }
}
