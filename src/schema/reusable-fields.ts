/**
 * The fields an operation may select and still have its result given again while what it read
 * stays fresh (execution/reused-results.ts): each one's value is a function of its parent and
 * arguments alone (no context, no I/O, no clock), except `Query.webhooks`, which reports what it
 * read on `context.reads`. Authorization is by the caller's tenant and scopes, which the reuse is
 * keyed on. A field not listed here (a new one too) makes the operation run every time.
 */
export const REUSABLE_FIELDS: ReadonlySet<string> = new Set([
  'Query.webhooks',
  'WebhookConnection.edges',
  'WebhookConnection.nodes',
  'WebhookConnection.pageInfo',
  'WebhookConnection.providerErrors',
  'WebhookEdge.node',
  'WebhookEdge.cursor',
  'PageInfo.hasNextPage',
  'PageInfo.hasPreviousPage',
  'PageInfo.startCursor',
  'PageInfo.endCursor',
  'ProviderError.provider',
  'ProviderError.code',
  'ProviderError.message',
  'ProviderError.status',
  'ProviderError.retryable',
  'Node.id',
  'Webhook.id',
  'Webhook.provider',
  'Webhook.externalId',
  'Webhook.url',
  'Webhook.urls',
  'Webhook.name',
  'Webhook.events',
  'Webhook.active',
  'Webhook.isTest',
  'Webhook.hasSecret',
  'Webhook.disabledReason',
  'Webhook.scope',
  'Webhook.createdAt',
  'Webhook.updatedAt',
  'WebhookScope.divisionId',
  'WebhookScope.shopId',
  'WebhookScope.companyId',
  'WebhookScope.workspaceId',
]);
