/**
 * BLAZE Partner API adapter (api.partners.blaze.me). A BLAZE webhook has one `webHookType`,
 * several target URLs and lives in a shop of the company the developer key belongs to. BLAZE
 * has no name, pause, test mode, secret or signature; tests are emulated by Hookgate.
 */
import type { BlazeConfig } from '../../config.ts';
import { NotFoundError, UnsupportedOperationError, ValidationError } from '../../errors.ts';
import { mapWithConcurrency } from '../../util/map-with-concurrency.ts';
import type { TestSender } from '../../webhooks/test-sender.ts';
import type {
  Capabilities,
  CreateWebhookRequest,
  Edge,
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
import { UpstreamClient } from '../upstream/upstream-client.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { blazeEventTypes } from './event-catalogue.ts';
import { targetUrls, toWebhook } from './mapping.ts';
import { blazeEventProblem, buildAddRequest, buildPutBody, checkUpdate } from './requests.ts';
import { blazeTestMessageBuilder } from './test-message.ts';
import {
  type PartnerWebHook,
  WEBHOOKS_PATH,
  describeBlazeError,
  partnerWebHook,
  searchResultPartnerWebHook,
  webhookPath,
} from './wire.ts';

/** BLAZE has no batch get: concurrent single gets, bounded to spare its rate limit. */
const GET_CONCURRENCY = 4;
/** Pages fetched at most to fill one page when records are filtered out (deleted, other company). */
const MAX_LIST_CALLS = 10;
const MAX_OFFSET = 2_000_000_000;

function parseOffset(after: string | null): number {
  if (after === null) return 0;
  const offset = /^\d{1,10}$/.test(after) ? Number(after) : Number.NaN;
  if (!(offset <= MAX_OFFSET)) throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  return offset;
}

export class BlazeProvider implements WebhookProvider {
  readonly name = 'BLAZE';
  readonly capabilities: Capabilities = {
    list: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    test: true,
    rotateSecret: false,
    multipleUrls: true,
    maxEventsPerWebhook: 1,
    updateChangesId: false,
  };

  readonly #client: UpstreamClient;
  readonly #testSender: TestSender;
  readonly #defaultShopId: string | null;

  constructor(config: BlazeConfig, deps: UpstreamDeps) {
    const { partnerKey, developerKey } = config;
    this.#client = new UpstreamClient({
      provider: 'BLAZE',
      baseUrl: config.apiUrl,
      // The current docs name the partner key header x-api-key, the swagger partner_key: send both.
      // The developer key goes in Authorization as is, with no scheme.
      headers: () => ({ 'x-api-key': partnerKey, partner_key: partnerKey, authorization: developerKey }),
      describeError: describeBlazeError,
      transport: deps.transport,
    });
    this.#testSender = deps.testSender;
    this.#defaultShopId = config.shopId;
  }

  /**
   * Offset pagination: an edge's cursor is the upstream offset just after it. Items keep
   * BLAZE's own order (not documented as newest first); the gateway merges providers by
   * createdAt, so a merged listing is only as ordered as BLAZE's answer.
   */
  async list(request: ListWebhooksRequest): Promise<Page<Webhook>> {
    // Without a shop the listing covers every shop the developer key sees.
    const shopId = request.scope?.shopId ?? this.#defaultShopId ?? undefined;
    // BLAZE cannot filter by company (the developer key chooses it), so that filter is applied here.
    // divisionId and workspaceId belong to other providers (one scope serves a merged listing): ignored.
    const companyId = request.scope?.companyId ?? undefined;
    const edges: Edge<Webhook>[] = [];
    let start = parseOffset(request.after);
    let more = true;
    for (let calls = 0; more && edges.length < request.first && calls < MAX_LIST_CALLS; calls++) {
      const limit = request.first - edges.length;
      const { data } = await this.#client.call({
        method: 'GET',
        path: WEBHOOKS_PATH,
        query: { start, limit, shopId },
        schema: searchResultPartnerWebHook,
        operation: 'list webhooks',
      });
      const values = (data.values ?? []).slice(0, limit);
      values.forEach((hook, index) => {
        if (hook.deleted || (companyId && hook.companyId !== companyId)) return;
        edges.push({ node: toWebhook(hook), cursor: String(start + index + 1) });
      });
      start += values.length;
      // Without a total, a full page means there may be more.
      more = values.length > 0 && (typeof data.total === 'number' ? start < data.total : values.length === limit);
    }
    // If every record of MAX_LIST_CALLS pages was filtered out, stop: an empty page cannot carry a cursor.
    return { edges, hasNextPage: more && edges.length > 0 };
  }

  async getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]> {
    return mapWithConcurrency(refs, GET_CONCURRENCY, async (ref) => {
      try {
        return toWebhook(await this.#get(ref.externalId));
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    });
  }

  async create(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const body = buildAddRequest(request, this.#defaultShopId);
    const { data } = await this.#client.call({
      method: 'POST',
      path: WEBHOOKS_PATH,
      body,
      schema: partnerWebHook,
      operation: 'create webhook',
    });
    return { webhook: toWebhook(data), secret: null };
  }

  async update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook> {
    checkUpdate(request);
    const current = await this.#get(ref.externalId);
    const { data } = await this.#client.call({
      method: 'PUT',
      path: webhookPath(ref.externalId),
      body: buildPutBody(current, request),
      schema: partnerWebHook,
      operation: 'update webhook',
    });
    return toWebhook(data);
  }

  async delete(ref: WebhookRef): Promise<void> {
    // Neither the status nor the body of BLAZE's delete is documented: any 2xx will do.
    await this.#client.call({ method: 'DELETE', path: webhookPath(ref.externalId), operation: 'delete webhook' });
  }

  async test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult> {
    if (event !== null) {
      const problem = blazeEventProblem(event);
      if (problem) throw ValidationError.field(['event'], problem);
    }
    const hook = await this.#get(ref.externalId);
    const subscribed = hook.webHookType ?? null;
    if (event !== null && subscribed !== null && event !== subscribed) {
      throw ValidationError.field(['event'], `the webhook is subscribed to ${subscribed}, not ${event}`);
    }
    const name = event ?? subscribed;
    if (name === null) throw ValidationError.field(['event'], 'the webhook has no webHookType; name the event to send');
    // A type outside the catalogue (the enum is open) is sent with an empty sample.
    const example = blazeEventTypes().find((type) => type.name === name)?.example ?? {};
    return this.#testSender.run(targetUrls(hook), [{ name, example }], blazeTestMessageBuilder(hook.shopId ?? null), budget);
  }

  async rotateSecret(_ref: WebhookRef): Promise<RotatedSecret> {
    throw new UnsupportedOperationError('BLAZE', 'rotateSecret', 'BLAZE does not sign deliveries, so there is no secret');
  }

  async eventTypes(): Promise<EventType[]> {
    return blazeEventTypes();
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  /** The live record; a soft-deleted one counts as missing. */
  async #get(id: string): Promise<PartnerWebHook> {
    const { data } = await this.#client.call({
      method: 'GET',
      path: webhookPath(id),
      schema: partnerWebHook,
      operation: 'get webhook',
    });
    if (data.deleted) throw new NotFoundError('BLAZE webhook', id);
    return data;
  }
}
