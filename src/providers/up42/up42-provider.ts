/**
 * UP42: proxies the workspace webhooks API. UP42 keeps the secret in clear text and sends
 * test notifications itself; the adapter hides the secret (hasSecret only), names webhooks
 * UP42 requires a name for, pages the unpaged list, and emulates a partial update on top of
 * UP42's full replacement.
 */
import { NotFoundError, ValidationError } from '../../errors.ts';
import { pageNewestFirst } from '../../webhooks/page-newest-first.ts';
import type {
  Capabilities,
  CreateWebhookRequest,
  EventType,
  ListWebhooksRequest,
  Page,
  RotatedSecret,
  TestResult,
  UpdateWebhookRequest,
  Webhook,
  WebhookProvider,
  WebhookRef,
  WebhookWithSecret,
} from '../contract.ts';
import type { TestBudget } from '../../webhooks/test-budget.ts';
import type { EventCatalogue } from './event-catalogue.ts';
import { workspaceOf, workspaceOfRef } from './scope.ts';
import { generateUp42Secret } from './secret.ts';
import { toTestResult } from './test-result.ts';
import { defaultName, toWebhook } from './to-webhook.ts';
import type { Up42Api } from './up42-api.ts';
import type { Up42Webhook, Up42WebhookInput } from './wire.ts';

export interface Up42ProviderOptions {
  api: Up42Api;
  catalogue: EventCatalogue;
  /** Used when a call names no `scope.workspaceId` (UP42_WORKSPACE_ID). */
  defaultWorkspaceId: string | null;
  /** Releases what the adapter owns besides the API client (the token source's pool). */
  onClose?: () => Promise<void>;
  now?: () => Date;
}

export class Up42Provider implements WebhookProvider {
  readonly name = 'UP42';
  readonly capabilities: Capabilities = {
    list: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    test: true,
    rotateSecret: true,
    multipleUrls: false,
    maxEventsPerWebhook: null,
    updateChangesId: false,
  };

  readonly #api: Up42Api;
  readonly #catalogue: EventCatalogue;
  readonly #defaultWorkspaceId: string | null;
  readonly #onClose: () => Promise<void>;
  readonly #now: () => Date;

  constructor(options: Up42ProviderOptions) {
    this.#api = options.api;
    this.#catalogue = options.catalogue;
    this.#defaultWorkspaceId = options.defaultWorkspaceId;
    this.#onClose = options.onClose ?? (async () => {});
    this.#now = options.now ?? (() => new Date());
  }

  async list(request: ListWebhooksRequest): Promise<Page<Webhook>> {
    const workspaceId = workspaceOf(request.scope, this.#defaultWorkspaceId, ['scope']);
    const webhooks = await this.#api.listWebhooks(workspaceId);
    return pageNewestFirst(
      webhooks.map((wire) => toWebhook(wire, workspaceId)),
      request.first,
      request.after,
    );
  }

  async getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]> {
    const byWorkspace = Map.groupBy(
      refs.map((ref, index) => ({ ref, index, workspaceId: workspaceOfRef(ref, this.#defaultWorkspaceId) })),
      (item) => item.workspaceId,
    );
    const results = new Array<Webhook | null>(refs.length).fill(null);
    await Promise.all(
      [...byWorkspace].map(async ([workspaceId, items]) => {
        const found = await this.#fetchMany(workspaceId, items.map((item) => item.ref.externalId));
        for (const item of items) {
          const wire = found.get(item.ref.externalId);
          results[item.index] = wire ? toWebhook(wire, workspaceId) : null;
        }
      }),
    );
    return results;
  }

  async create(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const workspaceId = workspaceOf(request.scope, this.#defaultWorkspaceId, ['input', 'scope']);
    if (request.urls.length > 1) {
      throw ValidationError.field(['input', 'urls'], 'a UP42 webhook delivers to one URL; create one webhook per URL');
    }
    if (request.isTest) throw ValidationError.field(['input', 'isTest'], 'UP42 has no test-mode webhooks');
    const events = await this.#catalogue.resolve(request.events, ['input', 'events']);
    // UP42 signs only when a secret is set; a webhook the gateway creates always gets one.
    const secret = request.secret ?? generateUp42Secret();
    const wire = await this.#api.createWebhook(workspaceId, {
      events,
      // UP42 requires a name.
      name: request.name ?? defaultName(request.url),
      // The docs ask for HTTPS; UP42 itself decides, so an http URL is passed on as given.
      url: request.url,
      secret,
      active: request.active,
    });
    // The secret UP42 echoes is the one it signs with.
    return { webhook: toWebhook(wire, workspaceId), secret: wire.secret || secret };
  }

  /**
   * UP42's PUT replaces the whole webhook, so the current one is read and merged with the
   * change. Two concurrent updates can overwrite each other: UP42 offers no version check.
   */
  async update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook> {
    const workspaceId = workspaceOfRef(ref, this.#defaultWorkspaceId);
    const url = this.#targetOf(request);
    if (request.isTest) throw ValidationError.field(['input', 'isTest'], 'UP42 has no test-mode webhooks');
    const events = request.events ? await this.#catalogue.resolve(request.events, ['input', 'events']) : undefined;
    const current = await this.#api.getWebhook(workspaceId, ref.externalId);
    const nextUrl = url ?? current.url;
    const replacement: Up42WebhookInput = {
      ...inputOf(current),
      url: nextUrl,
      events: events ?? current.events,
      active: request.active ?? current.active,
    };
    if (request.name !== undefined) replacement.name = request.name ?? defaultName(nextUrl);
    const wire = await this.#api.replaceWebhook(workspaceId, ref.externalId, replacement);
    return toWebhook(wire, workspaceId);
  }

  async delete(ref: WebhookRef): Promise<void> {
    await this.#api.deleteWebhook(workspaceOfRef(ref, this.#defaultWorkspaceId), ref.externalId);
  }

  /** UP42 sends the test notifications itself, signed with the webhook's secret. */
  async test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult> {
    const workspaceId = workspaceOfRef(ref, this.#defaultWorkspaceId);
    const webhook = await this.#api.getWebhook(workspaceId, ref.externalId);
    if (event !== null && !webhook.events.includes(event)) {
      throw ValidationError.field(['event'], `the webhook is not subscribed to "${event}" (it has ${webhook.events.join(', ')})`);
    }
    const events = event === null ? webhook.events : [event];
    // UP42 sends the messages, one per tested event: they count all the same.
    budget.spend(Math.max(1, events.length));
    const run = await this.#api.runTests(workspaceId, ref.externalId, event);
    return toTestResult(run, { url: webhook.url, events, now: this.#now() });
  }

  /** UP42 keeps one secret per webhook: the old one stops signing as soon as the new one is set. */
  async rotateSecret(ref: WebhookRef): Promise<RotatedSecret> {
    const workspaceId = workspaceOfRef(ref, this.#defaultWorkspaceId);
    const current = await this.#api.getWebhook(workspaceId, ref.externalId);
    const secret = generateUp42Secret();
    const wire = await this.#api.replaceWebhook(workspaceId, ref.externalId, { ...inputOf(current), secret });
    return { webhook: toWebhook(wire, workspaceId), secret: wire.secret || secret };
  }

  eventTypes(): Promise<EventType[]> {
    return this.#catalogue.get();
  }

  async close(): Promise<void> {
    await Promise.all([this.#api.close(), this.#onClose()]);
  }

  /** One GET for a single webhook; one list call for several in the same workspace. */
  async #fetchMany(workspaceId: string, ids: readonly string[]): Promise<Map<string, Up42Webhook>> {
    try {
      if (ids.length === 1 && ids[0] !== undefined) {
        return new Map([[ids[0], await this.#api.getWebhook(workspaceId, ids[0])]]);
      }
      const all = await this.#api.listWebhooks(workspaceId);
      return new Map(all.map((wire) => [wire.id, wire]));
    } catch (error) {
      if (error instanceof NotFoundError) return new Map();
      throw error;
    }
  }

  #targetOf(request: UpdateWebhookRequest): string | undefined {
    if (!request.urls) return request.url;
    const [first] = request.urls;
    if (request.urls.length > 1 || (request.url !== undefined && first !== request.url)) {
      throw ValidationError.field(['input', 'urls'], 'a UP42 webhook delivers to one URL');
    }
    return first;
  }
}

/** The five fields UP42's PUT replaces, as they are now; the secret is sent back unchanged. */
function inputOf(current: Up42Webhook): Up42WebhookInput {
  return {
    events: current.events,
    name: current.name ?? defaultName(current.url),
    url: current.url,
    secret: current.secret ?? '',
    active: current.active,
  };
}
