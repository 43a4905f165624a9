/**
 * LOCAL: Hookgate as a webhook sender. Endpoints and the event-type catalogue live in the
 * store; tests are sent straight from here through the guarded outbound client.
 */
import { LimitExceededError, NotFoundError, UnsupportedOperationError, ValidationError } from '../../errors.ts';
import type { AddressGuard } from '../../http/address-guard.ts';
import { generateSecret, newMessageId, secretProblem, signStandardWebhook } from '../../signing/standard-webhooks.ts';
import type { EndpointPosition, EndpointRecord, EventTypeRecord, Store } from '../../store/store.ts';
import { type JsonSchemaValidator, SchemaError, SchemaTimeoutError } from '../../validation/json-schema-validator.ts';
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
import type { SecretBox } from '../../crypto/secret-box.ts';
import type { TestMessageBuilder, TestSender } from '../../webhooks/test-sender.ts';
import { sortableId } from '../../util/sortable-id.ts';
import type { TenantLimits } from './tenant-limits.ts';

export const ALL_EVENTS = '*';

export interface CreateEventTypeRequest {
  name: string;
  title?: string | null | undefined;
  description?: string | null | undefined;
  category?: string | null | undefined;
  schema?: unknown;
  example?: unknown;
}

export type UpdateEventTypeRequest = Omit<CreateEventTypeRequest, 'name'>;

export interface LocalProviderOptions {
  /** Every endpoint, event type and test this instance touches is this tenant's. */
  tenant: string;
  store: Store;
  /** Seals endpoint secrets before they are stored, and opens them to sign. */
  secrets: SecretBox;
  tester: TestSender;
  guard: AddressGuard;
  /** Checks event-type schemas and examples off the event loop. */
  schemas: JsonSchemaValidator;
  /** How long a rotated-out secret keeps signing next to the new one. */
  rotationOverlapMs: number;
  /** How many endpoints and event types the tenant may have. */
  limits: TenantLimits;
  /** The event types received from providers and forwarded to LOCAL endpoints (`shippo.track_updated`, …). */
  forwarded?: ForwardedCatalogue | undefined;
  now?: () => Date;
}

/** Event types the LOCAL catalogue shows beside the tenant's own: those forwarded from providers. */
export interface ForwardedCatalogue {
  eventTypes(): Promise<EventType[]>;
  /** Why `name` is a forwarded name endpoints may subscribe to (true), or reserved for them (a message), or neither (null). */
  check(name: string): true | string | null;
}

function encodePosition(endpoint: EndpointRecord): string {
  return Buffer.from(`${endpoint.createdAt.getTime()}:${endpoint.id}`).toString('base64url');
}

function decodePosition(cursor: string): EndpointPosition {
  const match = /^(\d{1,15}):(ep_[0-9a-f]{32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) throw ValidationError.field(['after'], 'is not a cursor this listing gave out');
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

function toWebhook(endpoint: EndpointRecord): Webhook {
  return {
    provider: 'LOCAL',
    externalId: endpoint.id,
    scope: null,
    url: endpoint.url,
    urls: [endpoint.url],
    name: endpoint.name,
    events: endpoint.events,
    active: endpoint.active,
    isTest: endpoint.isTest,
    hasSecret: true,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function toEventType(record: EventTypeRecord): EventType {
  return {
    provider: 'LOCAL',
    name: record.name,
    title: record.title,
    description: record.description,
    category: record.category,
    schema: record.schema,
    example: record.example,
  };
}

export class LocalProvider implements WebhookProvider {
  readonly name = 'LOCAL';
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

  readonly #tenant: string;
  readonly #store: Store;
  readonly #secrets: SecretBox;
  readonly #schemas: JsonSchemaValidator;
  readonly #tester: TestSender;
  readonly #guard: AddressGuard;
  readonly #rotationOverlapMs: number;
  readonly #limits: TenantLimits;
  readonly #forwarded: ForwardedCatalogue | null;
  readonly #now: () => Date;

  constructor(options: LocalProviderOptions) {
    this.#tenant = options.tenant;
    this.#store = options.store;
    this.#secrets = options.secrets;
    this.#schemas = options.schemas;
    this.#tester = options.tester;
    this.#guard = options.guard;
    this.#rotationOverlapMs = options.rotationOverlapMs;
    this.#limits = options.limits;
    this.#forwarded = options.forwarded ?? null;
    this.#now = options.now ?? (() => new Date());
  }

  async list(request: ListWebhooksRequest): Promise<Page<Webhook>> {
    const after = request.after === null ? null : decodePosition(request.after);
    const rows = await this.#store.listEndpoints({ tenant: this.#tenant, first: request.first + 1, after });
    const page = rows.slice(0, request.first);
    return {
      edges: page.map((row) => ({ node: toWebhook(row), cursor: encodePosition(row) })),
      hasNextPage: rows.length > request.first,
    };
  }

  async getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]> {
    const rows = await this.#store.getEndpoints(this.#tenant, refs.map((ref) => ref.externalId));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return refs.map((ref) => {
      const row = byId.get(ref.externalId);
      return row ? toWebhook(row) : null;
    });
  }

  async create(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    if (request.urls.length > 1) {
      throw ValidationError.field(['input', 'urls'], 'LOCAL endpoints deliver to one URL; create one endpoint per URL');
    }
    if (request.scope) throw ValidationError.field(['input', 'scope'], 'LOCAL endpoints have no scope');
    this.#checkTarget(request.url, ['input', 'url']);
    await this.#checkEvents(request.events, ['input', 'events']);
    const secretIssue = request.secret === null ? null : secretProblem(request.secret);
    if (secretIssue) throw ValidationError.field(['input', 'secret'], secretIssue);
    // Checked before the insert, not with it: concurrent creations may pass the limit by a few.
    if ((await this.#store.countEndpoints(this.#tenant)) >= this.#limits.maxEndpoints) {
      throw new LimitExceededError('endpoints', this.#limits.maxEndpoints);
    }
    const now = this.#now();
    const secret = request.secret ?? generateSecret();
    const endpoint: EndpointRecord = {
      id: sortableId('ep'),
      tenant: this.#tenant,
      url: request.url,
      name: request.name,
      events: request.events,
      active: request.active,
      isTest: request.isTest,
      secret: this.#secrets.seal(secret),
      previousSecret: null,
      previousSecretExpiresAt: null,
      disabledReason: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.insertEndpoint(endpoint);
    return { webhook: toWebhook(endpoint), secret };
  }

  async update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook> {
    let url = request.url;
    if (request.urls) {
      if (request.urls.length > 1 || (url !== undefined && request.urls[0] !== url)) {
        throw ValidationError.field(['input', 'urls'], 'LOCAL endpoints deliver to one URL');
      }
      url = request.urls[0];
    }
    if (url !== undefined) this.#checkTarget(url, ['input', 'url']);
    if (request.events) await this.#checkEvents(request.events, ['input', 'events']);
    const updated = await this.#store.updateEndpoint(
      this.#tenant,
      ref.externalId,
      {
        url,
        name: request.name,
        events: request.events,
        active: request.active,
        isTest: request.isTest,
        // Switching an endpoint back on forgets why the gateway had switched it off.
        disabledReason: request.active === true ? null : undefined,
      },
      this.#now(),
    );
    if (!updated) throw new NotFoundError('Webhook', ref.externalId);
    return toWebhook(updated);
  }

  async delete(ref: WebhookRef): Promise<void> {
    if (!(await this.#store.deleteEndpoint(this.#tenant, ref.externalId))) throw new NotFoundError('Webhook', ref.externalId);
  }

  async test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult> {
    const endpoint = await this.#getEndpoint(ref);
    const catalogue = await this.#store.listEventTypes(this.#tenant);
    let events: EventTypeRecord[];
    if (event !== null) {
      const type = catalogue.find((t) => t.name === event);
      if (!type) throw ValidationError.field(['event'], `"${event}" is not in the LOCAL event catalogue`);
      if (!endpoint.events.includes(ALL_EVENTS) && !endpoint.events.includes(event)) {
        throw ValidationError.field(['event'], `the endpoint is not subscribed to "${event}"`);
      }
      events = [type];
    } else {
      events = endpoint.events.includes(ALL_EVENTS)
        ? catalogue
        : catalogue.filter((t) => endpoint.events.includes(t.name));
    }
    const secrets = this.#signingSecrets(endpoint);
    const build: TestMessageBuilder = (event) => {
      const timestamp = new Date();
      const body = JSON.stringify({ type: event.name, timestamp: timestamp.toISOString(), data: event.example ?? {} });
      return { body, headers: { ...signStandardWebhook({ id: newMessageId(), timestamp, body, secrets }) } };
    };
    return this.#tester.run([endpoint.url], events, build, budget);
  }

  async rotateSecret(ref: WebhookRef): Promise<RotatedSecret> {
    const endpoint = await this.#getEndpoint(ref);
    const now = this.#now();
    const secret = generateSecret();
    const updated = await this.#store.updateEndpoint(
      this.#tenant,
      endpoint.id,
      {
        secret: this.#secrets.seal(secret),
        previousSecret: endpoint.secret,
        previousSecretExpiresAt: new Date(now.getTime() + this.#rotationOverlapMs),
      },
      now,
    );
    if (!updated) throw new NotFoundError('Webhook', ref.externalId);
    return { webhook: toWebhook(updated), secret };
  }

  async eventTypes(): Promise<EventType[]> {
    const [own, forwarded] = await Promise.all([this.#store.listEventTypes(this.#tenant), this.#forwarded?.eventTypes() ?? []]);
    return [...own.map(toEventType), ...forwarded];
  }

  async createEventType(request: CreateEventTypeRequest): Promise<EventType> {
    if (request.name === ALL_EVENTS) throw ValidationError.field(['input', 'name'], '"*" is reserved for "every type"');
    const forwarded = this.#forwarded?.check(request.name) ?? null;
    if (forwarded !== null) {
      throw ValidationError.field(['input', 'name'], forwarded === true ? 'is the name of an event forwarded from a provider' : forwarded);
    }
    const schema = request.schema ?? null;
    const example = request.example ?? null;
    await this.#checkSchemaAndExample(schema, example);
    if ((await this.#store.listEventTypes(this.#tenant)).length >= this.#limits.maxEventTypes) {
      throw new LimitExceededError('event types', this.#limits.maxEventTypes);
    }
    const now = this.#now();
    const record: EventTypeRecord = {
      tenant: this.#tenant,
      name: request.name,
      title: request.title ?? null,
      description: request.description ?? null,
      category: request.category ?? null,
      schema,
      example,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.#store.insertEventType(record))) {
      throw ValidationError.field(['input', 'name'], `an event type named "${request.name}" exists already`);
    }
    return toEventType(record);
  }

  async updateEventType(name: string, request: UpdateEventTypeRequest): Promise<EventType> {
    const current = await this.#store.getEventType(this.#tenant, name);
    if (!current) throw new NotFoundError('WebhookEvent', name);
    const schema = request.schema === undefined ? current.schema : request.schema;
    const example = request.example === undefined ? current.example : request.example;
    await this.#checkSchemaAndExample(schema, example);
    const updated = await this.#store.updateEventType(
      this.#tenant,
      name,
      {
        title: request.title,
        description: request.description,
        category: request.category,
        schema: request.schema,
        example: request.example,
      },
      this.#now(),
    );
    if (!updated) throw new NotFoundError('WebhookEvent', name);
    return toEventType(updated);
  }

  async deleteEventType(name: string): Promise<void> {
    const subscribers = await this.#store.countEndpointsSubscribedTo(this.#tenant, name);
    if (subscribers > 0) {
      throw ValidationError.field(
        ['name'],
        `${subscribers} endpoint(s) subscribe to "${name}"; remove it from them first`,
      );
    }
    if (!(await this.#store.deleteEventType(this.#tenant, name))) throw new NotFoundError('WebhookEvent', name);
  }

  /** The current secret, and the rotated-out one while its overlap lasts. */
  #signingSecrets(endpoint: EndpointRecord): string[] {
    const previousValid =
      endpoint.previousSecret !== null &&
      endpoint.previousSecretExpiresAt !== null &&
      endpoint.previousSecretExpiresAt > this.#now();
    const current = this.#secrets.open(endpoint.secret);
    return previousValid ? [current, this.#secrets.open(endpoint.previousSecret as string)] : [current];
  }

  async #getEndpoint(ref: WebhookRef): Promise<EndpointRecord> {
    const [endpoint] = await this.#store.getEndpoints(this.#tenant, [ref.externalId]);
    if (!endpoint) throw new NotFoundError('Webhook', ref.externalId);
    return endpoint;
  }

  #checkTarget(url: string, path: (string | number)[]): void {
    const problem = this.#guard.checkUrlHost(url);
    if (problem) throw ValidationError.field(path, problem);
  }

  async #checkEvents(events: readonly string[], path: (string | number)[]): Promise<void> {
    if (events.includes(ALL_EVENTS)) {
      if (events.length > 1) throw ValidationError.field(path, '"*" already means every event type; list nothing else');
      return;
    }
    const known = new Set((await this.#store.listEventTypes(this.#tenant)).map((t) => t.name));
    const unknown = events.flatMap((event, index) => {
      if (known.has(event)) return [];
      const forwarded = this.#forwarded?.check(event) ?? null;
      if (forwarded === true) return [];
      return [{ path: [...path, index], message: forwarded ?? `"${event}" is not in the LOCAL event catalogue` }];
    });
    if (unknown.length > 0) throw new ValidationError(unknown);
  }

  async #checkSchemaAndExample(schema: unknown, example: unknown): Promise<void> {
    if (schema === null) return;
    let violations;
    try {
      violations = await this.#schemas.check(schema, example === null ? undefined : example);
    } catch (error) {
      // A timeout is the schema's fault too: compiling it (or checking the example) took too long.
      if (error instanceof SchemaError || error instanceof SchemaTimeoutError) throw ValidationError.field(['input', 'schema'], error.message);
      throw error;
    }
    if (violations.length > 0) {
      throw new ValidationError(
        violations.map((v) => ({ path: ['input', 'example', ...v.pointer.split('/').filter(Boolean)], message: v.message })),
      );
    }
  }

}
