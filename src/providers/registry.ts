/**
 * One provider instance per name, built at boot from the configuration, and a per-tenant view
 * of them for each request. LOCAL data belongs to tenants; the upstream providers use the
 * gateway's own accounts, so only the tenant that owns those accounts sees them; to every
 * other tenant they answer ProviderNotConfiguredError, like providers with no adapter.
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

export interface ProviderRegistryOptions {
  /** A LOCAL provider bound to one tenant. */
  local: (tenant: string) => LocalProvider;
  upstream: readonly WebhookProvider[];
  /** The tenant that may use the upstream providers (HOOKGATE_UPSTREAM_TENANT). */
  upstreamTenant: string;
}

/** Tenants whose views are kept; beyond that, they are made afresh (see forTenant). */
const TENANT_VIEWS_KEPT = 1_000;

export class ProviderRegistry {
  readonly #options: ProviderRegistryOptions;
  /** Each tenant's view, made once: views hold no state of their own, so requests can share them. */
  readonly #views = new Map<string, TenantProviders>();

  constructor(options: ProviderRegistryOptions) {
    this.#options = options;
  }

  forTenant(tenant: string): TenantProviders {
    let view = this.#views.get(tenant);
    if (view === undefined) {
      const owner = tenant === this.#options.upstreamTenant;
      view = new TenantProviders(this.#options.local(tenant), owner ? this.#options.upstream : [], owner ? [] : this.#options.upstream.map((p) => p.name));
      if (this.#views.size >= TENANT_VIEWS_KEPT) this.#views.clear();
      this.#views.set(tenant, view);
    }
    return view;
  }

  async close(): Promise<void> {
    await Promise.all(this.#options.upstream.map((provider) => provider.close?.()));
  }
}

/** The providers one tenant may use; stateless, so one per tenant serves all its requests. */
export class TenantProviders {
  readonly local: LocalProvider;
  readonly #providers: ReadonlyMap<ProviderName, WebhookProvider>;
  /** Providers the gateway has, but for another tenant. */
  readonly #otherTenants: readonly ProviderName[];

  constructor(local: LocalProvider, upstream: readonly WebhookProvider[], otherTenants: readonly ProviderName[] = []) {
    this.local = local;
    this.#otherTenants = otherTenants;
    this.#providers = new Map<ProviderName, WebhookProvider>([
      ['LOCAL', local],
      ...upstream.map((p): [ProviderName, WebhookProvider] => [p.name, p]),
    ]);
  }

  /** The provider of that name; throws ProviderNotConfiguredError when it is not available. */
  get(name: ProviderName): WebhookProvider {
    const provider = this.#providers.get(name);
    if (!provider) throw new ProviderNotConfiguredError(name, this.#otherTenants.includes(name));
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
