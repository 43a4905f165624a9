/**
 * BOLT: proxies Bolt's `/v1/webhooks` API. Bolt has no update and no test endpoint; both are
 * emulated (create + delete, and signed deliveries sent from Hookgate).
 */
import type { BoltConfig } from '../../config.ts';
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
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { BoltApi } from './bolt-api.ts';
import { ALL_EVENTS, type BoltTarget, applyPatch, checkCreate, checkPatch, createBody, sameTarget } from './bolt-input.ts';
import { pageNewestFirst } from '../../webhooks/page-newest-first.ts';
import { BOLT_EVENT_TYPES } from './event-catalogue.ts';
import { replaceWebhook } from './replace-webhook.ts';
import { boltTestMessage } from './test-message.ts';
import { type BoltWebhook, isBoltEventName } from './wire.ts';

function eventsOf(webhook: BoltWebhook): string[] {
  return webhook.event_group === 'all' ? [ALL_EVENTS] : (webhook.events ?? []);
}

export class BoltProvider implements WebhookProvider {
  readonly name = 'BOLT';
  readonly capabilities: Capabilities = {
    list: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    test: true,
    rotateSecret: false,
    multipleUrls: false,
    maxEventsPerWebhook: null,
    updateChangesId: true,
  };

  readonly #config: BoltConfig;
  readonly #api: BoltApi;
  readonly #testSender: TestSender;

  constructor(config: BoltConfig, deps: UpstreamDeps) {
    this.#config = config;
    this.#api = new BoltApi(config, deps.transport);
    this.#testSender = deps.testSender;
  }

  async list(request: ListWebhooksRequest): Promise<Page<Webhook>> {
    // Other scope keys belong to other providers when every provider is listed at once.
    const divisionId = request.scope?.divisionId ?? this.#config.divisionId;
    if (!divisionId) {
      throw ValidationError.field(
        ['scope', 'divisionId'],
        'Bolt lists webhooks per division: give scope.divisionId (no BOLT_DIVISION_ID default is configured)',
      );
    }
    const webhooks = await this.#api.list(divisionId);
    return pageNewestFirst(webhooks.map((webhook) => this.#toWebhook(webhook, divisionId)), request.first, request.after);
  }

  /** Refs of one division are read with one list call; a lone ref with one get. */
  async getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]> {
    const results = new Array<Webhook | null>(refs.length).fill(null);
    const byDivision = Map.groupBy(
      refs.map((ref, index) => ({ ref, index })),
      (item) => item.ref.scope?.divisionId ?? null,
    );
    await Promise.all(
      [...byDivision].map(async ([divisionId, items]) => {
        if (divisionId !== null && items.length > 1) {
          const found = new Map((await this.#api.list(divisionId)).map((w) => [w.webhook_id, w]));
          for (const { ref, index } of items) {
            const webhook = found.get(ref.externalId);
            results[index] = webhook ? this.#toWebhook(webhook, divisionId) : null;
          }
          return;
        }
        await Promise.all(
          items.map(async ({ ref, index }) => {
            const webhook = await this.#api.get(ref.externalId);
            results[index] = webhook ? this.#toWebhook(webhook, divisionId) : null;
          }),
        );
      }),
    );
    return results;
  }

  async create(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const target = checkCreate(request, this.#config.divisionId);
    const id = await this.#api.create(createBody(target));
    // The merchant signing secret is never handed out: Bolt shows it in its dashboard.
    return { webhook: await this.#readCreated(id, target), secret: null };
  }

  async update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook> {
    const patch = checkPatch(request);
    const divisionId = ref.scope?.divisionId ?? this.#config.divisionId;
    if (!divisionId) throw ValidationError.field(['id'], 'names no Bolt division, and no BOLT_DIVISION_ID default is configured');
    const current = await this.#api.get(ref.externalId);
    if (!current) throw new NotFoundError('Webhook', ref.externalId);
    const old: BoltTarget = { divisionId, url: current.url, events: eventsOf(current) };
    const next = applyPatch(old, patch);
    if (sameTarget(old, next)) return this.#toWebhook(current, divisionId);
    const newId = await replaceWebhook(this.#api, { oldId: current.webhook_id, old, next });
    return this.#readCreated(newId, next);
  }

  async delete(ref: WebhookRef): Promise<void> {
    await this.#api.delete(ref.externalId);
  }

  async test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult> {
    if (event !== null && !isBoltEventName(event)) {
      throw ValidationError.field(['event'], `"${event}" is not a Bolt event type`);
    }
    const webhook = await this.#api.get(ref.externalId);
    if (!webhook) throw new NotFoundError('Webhook', ref.externalId);
    const subscribed = eventsOf(webhook);
    const all = subscribed.includes(ALL_EVENTS);
    if (event !== null && !all && !subscribed.includes(event)) {
      throw ValidationError.field(['event'], `the webhook is not subscribed to "${event}"`);
    }
    const names = event !== null ? [event] : all ? BOLT_EVENT_TYPES.map((t) => t.name) : subscribed;
    const catalogue = new Map(BOLT_EVENT_TYPES.map((t) => [t.name, t]));
    const events: TestEvent[] = names.map((name) => ({ name, example: catalogue.get(name)?.example ?? {} }));
    return this.#testSender.run([webhook.url], events, boltTestMessage(this.#config.signingSecret), budget);
  }

  async rotateSecret(_ref: WebhookRef): Promise<RotatedSecret> {
    throw new UnsupportedOperationError(
      'BOLT',
      'rotateSecret',
      'Bolt signs every webhook with the merchant-wide signing secret; rotate it in the Bolt dashboard',
    );
  }

  async eventTypes(): Promise<EventType[]> {
    return [...BOLT_EVENT_TYPES];
  }

  close(): Promise<void> {
    return this.#api.close();
  }

  /** The webhook as Bolt stores it; built from what was sent when reading it back fails. */
  async #readCreated(id: string, target: BoltTarget): Promise<Webhook> {
    let stored: BoltWebhook | null = null;
    try {
      stored = await this.#api.get(id);
    } catch {
      // It was created: losing only its creation time beats reporting a failure.
    }
    if (stored) return this.#toWebhook(stored, target.divisionId);
    const built = this.#toWebhook({ webhook_id: id, created_at: 0, url: target.url, events: target.events }, target.divisionId);
    return { ...built, createdAt: null };
  }

  #toWebhook(webhook: BoltWebhook, divisionId: string | null): Webhook {
    return {
      provider: 'BOLT',
      externalId: webhook.webhook_id,
      scope: divisionId === null ? null : { divisionId },
      url: webhook.url,
      urls: [webhook.url],
      name: null,
      events: eventsOf(webhook),
      active: true,
      isTest: false,
      hasSecret: this.#config.signingSecret !== null,
      createdAt: new Date(webhook.created_at),
      updatedAt: null,
    };
  }
}
