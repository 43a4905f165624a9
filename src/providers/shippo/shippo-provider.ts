/**
 * SHIPPO: proxies Shippo's webhook API. Shippo has no test endpoint, so tests are emulated:
 * Hookgate sends Shippo-shaped deliveries itself. Delivery signing is account-level HMAC that
 * Shippo provisions, so there is no per-webhook secret and nothing to rotate.
 */
import { NotFoundError, UnsupportedOperationError, ValidationError } from '../../errors.ts';
import type { TestEvent, TestSender } from '../../webhooks/test-sender.ts';
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
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import { SHIPPO_EVENT_CATALOGUE } from './event-catalogue.ts';
import { ALL_EVENTS, mergeUpdate, toCreateRequest, toPatch } from './input-rules.ts';
import { toWebhook } from './mapping.ts';
import { cachedOnObject } from '../../util/cached-on-object.ts';
import type { ShippoApi } from './shippo-api.ts';
import { shippoTestMessageBuilder } from './test-message.ts';
import { SHIPPO_ALL_EVENTS, type ShippoWebhook } from './wire.ts';
import { ListedWebhooks } from './listed-webhooks.ts';

const MAX_PAGE_SIZE = 100;

export interface ShippoProviderOptions {
  api: ShippoApi;
  /** Closed with the provider. */
  client: UpstreamClient;
  testSender: TestSender;
  /** The account's HMAC secret, when Shippo provisioned one; signs test deliveries. */
  signingSecret: string | null;
}

export class ShippoProvider implements WebhookProvider {
  readonly name = 'SHIPPO';
  readonly capabilities: Capabilities = {
    list: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    test: true,
    rotateSecret: false,
    multipleUrls: false,
    maxEventsPerWebhook: 1,
    updateChangesId: false,
  };

  readonly #api: ShippoApi;
  readonly #client: UpstreamClient;
  readonly #testSender: TestSender;
  readonly #signingSecret: string | null;
  readonly #toWebhook = (wire: ShippoWebhook, createdMs?: number | null): Webhook => toWebhook(wire, this.#signingSecret !== null, createdMs);
  readonly #listings = new ListedWebhooks(this.#toWebhook);
  /** Memoized: a reused upstream answer is sorted once, and each webhook mapped once, when a page first shows it. */
  readonly #newestFirst = cachedOnObject((all: readonly ShippoWebhook[]) => this.#listings.sorted(all));

  constructor(options: ShippoProviderOptions) {
    this.#api = options.api;
    this.#client = options.client;
    this.#testSender = options.testSender;
    this.#signingSecret = options.signingSecret;
  }

  async list(request: ListWebhooksRequest): Promise<Page<Webhook>> {
    if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_PAGE_SIZE) {
      throw ValidationError.field(['first'], `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const listing = await this.#api.listAll();
    const page = this.#newestFirst(listing.webhooks).page(request.first, request.after);
    return listing.fresh ? { ...page, fresh: listing.fresh } : page;
  }

  /** Shippo has no batch read: one ref is one GET, several are one listing. */
  async getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]> {
    const [only] = refs;
    if (only === undefined) return [];
    if (refs.length === 1) {
      try {
        return [this.#toWebhook(await this.#api.get(only.externalId))];
      } catch (error) {
        if (error instanceof NotFoundError) return [null];
        throw error;
      }
    }
    const byId = new Map((await this.#api.listAll()).webhooks.map((wire) => [wire.object_id, wire]));
    return refs.map((ref) => {
      const wire = byId.get(ref.externalId);
      return wire ? this.#toWebhook(wire) : null;
    });
  }

  async create(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const created = await this.#api.create(toCreateRequest(request));
    return { webhook: this.#toWebhook(created), secret: null };
  }

  async update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook> {
    const patch = toPatch(request);
    const current = await this.#api.get(ref.externalId);
    const updated = await this.#api.replace(ref.externalId, mergeUpdate(current, patch));
    return this.#toWebhook(updated);
  }

  async delete(ref: WebhookRef): Promise<void> {
    await this.#api.delete(ref.externalId);
  }

  async test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult> {
    const webhook = await this.#api.get(ref.externalId);
    const events = this.#testEvents(webhook, event);
    return this.#testSender.run([webhook.url], events, shippoTestMessageBuilder(this.#signingSecret), budget);
  }

  async rotateSecret(_ref: WebhookRef): Promise<RotatedSecret> {
    throw new UnsupportedOperationError(
      'SHIPPO',
      'rotateSecret',
      'the HMAC secret is account-level and provisioned by Shippo (ask your Shippo account manager)',
    );
  }

  async eventTypes(): Promise<EventType[]> {
    return [...SHIPPO_EVENT_CATALOGUE];
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  #testEvents(webhook: ShippoWebhook, event: string | null): TestEvent[] {
    const all = webhook.event === SHIPPO_ALL_EVENTS;
    const subscribed: TestEvent[] = all
      ? [...SHIPPO_EVENT_CATALOGUE]
      : SHIPPO_EVENT_CATALOGUE.filter((type) => type.name === webhook.event);
    if (event === null || event === ALL_EVENTS || event === SHIPPO_ALL_EVENTS) {
      // An event Shippo reports but the catalogue lacks is still tested, with no sample data.
      return subscribed.length > 0 ? subscribed : [{ name: webhook.event, example: null }];
    }
    const type = SHIPPO_EVENT_CATALOGUE.find((candidate) => candidate.name === event);
    if (!type) throw ValidationError.field(['event'], `"${event}" is not a Shippo event type`);
    if (!all && webhook.event !== event) {
      throw ValidationError.field(['event'], `the webhook is subscribed to "${webhook.event}", not "${event}"`);
    }
    return [type];
  }
}
