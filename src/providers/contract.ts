/**
 * The one contract every webhook provider implements: the LOCAL store-backed sender and the
 * proxy adapters of the upstream APIs alike. Resolvers only ever talk to this interface.
 */
import type { TestBudget } from '../webhooks/test-budget.ts';
import type { ProviderName } from './provider-name.ts';

/** Where a webhook lives at its provider: Bolt divisions, BLAZE shops/companies, UP42 workspaces. */
export interface WebhookScope {
  divisionId?: string | undefined;
  shopId?: string | undefined;
  companyId?: string | undefined;
  workspaceId?: string | undefined;
}

/** Identifies one webhook at one provider. Encoded into the opaque GraphQL `Webhook.id`. */
export interface WebhookRef {
  provider: ProviderName;
  externalId: string;
  scope: WebhookScope | null;
}

export interface Webhook extends WebhookRef {
  url: string;
  urls: string[];
  name: string | null;
  events: string[];
  active: boolean;
  isTest: boolean;
  hasSecret: boolean;
  /** Why the gateway switched the webhook off (LOCAL only); null or absent otherwise. */
  disabledReason?: string | null | undefined;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface EventType {
  provider: ProviderName;
  name: string;
  title: string | null;
  description: string | null;
  category: string | null;
  /** JSON Schema of the event's payload, when the provider publishes one. */
  schema: unknown;
  example: unknown;
}

export interface WebhookTestOutcome {
  event: string;
  url: string;
  success: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

export interface TestResult {
  startedAt: Date;
  testsRun: number;
  testsSucceeded: number;
  testsFailed: number;
  tests: WebhookTestOutcome[];
}

export interface Capabilities {
  list: boolean;
  get: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  test: boolean;
  rotateSecret: boolean;
  /** Whether a webhook may target several URLs at once (BLAZE). */
  multipleUrls: boolean;
  /** The most event types one webhook may subscribe to; null when unbounded. */
  maxEventsPerWebhook: number | null;
  /** Whether an update gives the webhook a new id (Bolt emulates update by create + delete). */
  updateChangesId: boolean;
}

export interface CreateWebhookRequest {
  url: string;
  urls: string[];
  name: string | null;
  events: string[];
  active: boolean;
  isTest: boolean;
  secret: string | null;
  scope: WebhookScope | null;
}

/** Only the fields given change; `undefined` keeps the current value. */
export interface UpdateWebhookRequest {
  url?: string | undefined;
  urls?: string[] | undefined;
  name?: string | null | undefined;
  events?: string[] | undefined;
  active?: boolean | undefined;
  isTest?: boolean | undefined;
}

export interface ListWebhooksRequest {
  scope: WebhookScope | null;
  first: number;
  /** The provider's own cursor of the last item already seen, or null to start at the newest. */
  after: string | null;
}

export interface Edge<T> {
  node: T;
  /** Provider-specific position just after this item; handed back as `after` to continue. */
  cursor: string;
}

export interface Page<T> {
  edges: Edge<T>[];
  hasNextPage: boolean;
  /**
   * Set when the page was made from an upstream answer the gateway keeps: true while the same
   * request would be answered from that same answer. Absent: listing again may differ.
   */
  fresh?: () => boolean;
}

export interface WebhookWithSecret {
  webhook: Webhook;
  /** Shown once: the secret the provider signs deliveries with, when it has one. */
  secret: string | null;
}

export interface RotatedSecret {
  webhook: Webhook;
  /** Shown once: the new signing secret. */
  secret: string;
}

export interface WebhookProvider {
  readonly name: ProviderName;
  readonly capabilities: Capabilities;
  list(request: ListWebhooksRequest): Promise<Page<Webhook>>;
  /** Resolves many refs in one go (DataLoader batches); a missing webhook is null at its index. */
  getMany(refs: readonly WebhookRef[]): Promise<(Webhook | null)[]>;
  create(request: CreateWebhookRequest): Promise<WebhookWithSecret>;
  update(ref: WebhookRef, request: UpdateWebhookRequest): Promise<Webhook>;
  delete(ref: WebhookRef): Promise<void>;
  /** Sends test messages now; spends them from `budget` before sending any. */
  test(ref: WebhookRef, event: string | null, budget: TestBudget): Promise<TestResult>;
  rotateSecret(ref: WebhookRef): Promise<RotatedSecret>;
  eventTypes(): Promise<EventType[]>;
  /** Releases connections; called once at shutdown. */
  close?(): Promise<void>;
}
