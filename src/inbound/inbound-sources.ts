/**
 * What the API does with inbound sources: create one (and, when asked, the provider-side
 * webhook that points at it), delete one (provider-side webhook first), show its URL, and read
 * what its events mean. Verification itself is the receiver's (inbound-receiver.ts).
 */
import { z } from 'zod';
import type { SecretBox } from '../crypto/secret-box.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { InboundVerifier } from '../providers/inbound-verifier.ts';
import type { TenantProviders } from '../providers/registry.ts';
import type { InboundProvider, InboundSourceRecord, ProviderEventRecord, Store } from '../store/store.ts';
import { sortableId } from '../util/sortable-id.ts';
import { parseInput } from '../validation/parse-input.ts';
import { eventList, webhookName, webhookScope } from '../webhooks/webhook-input.ts';
import { hashSourceToken, INBOUND_PATH, newSourceToken } from './source-token.ts';

export interface InboundSourcesOptions {
  store: Store;
  secrets: SecretBox;
  verifiers: ReadonlyMap<InboundProvider, InboundVerifier>;
  /** HOOKGATE_PUBLIC_URL; null: URLs use the origin each request reached the gateway at. */
  publicUrl: string | null;
  /** Told when a source is created whose URL providers on the internet probably cannot reach. */
  warn: (message: string) => void;
  now?: () => Date;
}

export interface CreateInboundSourceRequest {
  tenant: string;
  providers: TenantProviders;
  /** The origin of the creating request, for the URL when there is no public URL. */
  requestOrigin: string | null;
  input: {
    provider: InboundProvider;
    events: string[];
    scope?: unknown;
    name?: string | null | undefined;
    registerUpstream?: boolean | null | undefined;
  };
}

const createInput = z.object({
  events: eventList,
  scope: webhookScope.nullish(),
  name: webhookName.nullish(),
});

export class InboundSources {
  readonly #options: InboundSourcesOptions;
  readonly #now: () => Date;

  constructor(options: InboundSourcesOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async create(request: CreateInboundSourceRequest): Promise<{ source: InboundSourceRecord; secret: string | null; warning: string | null }> {
    const { provider } = request.input;
    const verifier = this.#verifier(provider);
    if (verifier.unavailableReason !== null) throw ValidationError.field(['input', 'provider'], verifier.unavailableReason);
    const input = parseInput(createInput, request.input, ['input']);
    const registerUpstream = request.input.registerUpstream ?? true;
    // Before anything is created: only the tenant that owns the provider accounts may register there.
    const upstream = registerUpstream ? request.providers.get(provider) : null;

    const token = newSourceToken();
    const secret = verifier.newSourceSecret();
    const now = this.#now();
    const source: InboundSourceRecord = {
      id: sortableId('src'),
      tenant: request.tenant,
      provider,
      name: input.name ?? null,
      tokenHash: hashSourceToken(token),
      sealedToken: this.#options.secrets.seal(token),
      sealedSecret: secret === null ? null : this.#options.secrets.seal(secret),
      events: input.events,
      scope: input.scope ?? null,
      webhook: null,
      createdAt: now,
      receivedCount: 0,
      lastReceivedAt: null,
      rejectedCount: 0,
    };
    const url = this.url(source, request.requestOrigin);
    const warning =
      this.#options.publicUrl === null
        ? 'HOOKGATE_PUBLIC_URL is not set, so this URL uses the address you reached Hookgate at: providers on the internet probably cannot reach it'
        : null;
    if (this.#options.publicUrl === null) {
      this.#options.warn(
        `HOOKGATE_PUBLIC_URL is not set: inbound source ${source.id} has a URL at ${new URL(url).origin}, which providers may not reach`,
      );
    }
    if (upstream) {
      const created = await upstream.create({
        url,
        urls: [url],
        name: source.name,
        events: source.events,
        active: true,
        isTest: false,
        secret: verifier.upstreamSecret(secret),
        scope: source.scope,
      });
      source.webhook = { externalId: created.webhook.externalId, scope: created.webhook.scope };
      try {
        await this.#options.store.insertInboundSource(source);
      } catch (error) {
        // Nothing may point at a source that does not exist.
        await upstream.delete(created.webhook).catch(() => undefined);
        throw error;
      }
      return { source, secret: null, warning };
    }
    await this.#options.store.insertInboundSource(source);
    return { source, secret: verifier.upstreamSecret(secret), warning };
  }

  /**
   * Deletes the provider-side webhook first; when that fails the source is kept (and the error
   * thrown), so no webhook is left pointing at a source that is gone.
   */
  async delete(tenant: string, providers: TenantProviders, id: string): Promise<void> {
    const [source] = await this.#options.store.getInboundSources(tenant, [id]);
    if (!source) throw new NotFoundError('InboundSource', id);
    if (source.webhook) {
      try {
        await providers.get(source.provider).delete({ provider: source.provider, ...source.webhook });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    await this.#options.store.deleteInboundSource(tenant, id);
  }

  /** The URL the provider posts to (with Shippo's `?token=`). */
  url(source: InboundSourceRecord, requestOrigin: string | null): string {
    const base = (this.#options.publicUrl ?? requestOrigin ?? 'http://127.0.0.1').replace(/\/+$/, '');
    const path = `${base}${INBOUND_PATH}${this.#options.secrets.open(source.sealedToken)}`;
    const secret = source.sealedSecret === null ? null : this.#options.secrets.open(source.sealedSecret);
    return this.#verifier(source.provider).targetUrl(path, secret);
  }

  /** The business object of a stored event's payload. */
  dataOf(event: ProviderEventRecord): unknown {
    return this.#verifier(event.provider).describe(JSON.parse(event.payloadJson), []).data;
  }

  #verifier(provider: InboundProvider): InboundVerifier {
    const verifier = this.#options.verifiers.get(provider);
    if (!verifier) throw ValidationError.field(['input', 'provider'], `${provider} cannot send webhooks to Hookgate`);
    return verifier;
  }
}
