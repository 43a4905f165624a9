/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query BlazeWebhookScope($id: ID!) {\n    webhook(id: $id) { id externalId scope { shopId companyId divisionId workspaceId } }\n  }\n": typeof types.BlazeWebhookScopeDocument,
    "\n  query BlazeListInScope($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: BLAZE, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url urls events scope { shopId companyId } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BlazeListInScopeDocument,
    "\n  mutation BoltCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields scope { divisionId } } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on UpstreamError { provider status retryable }\n      ... on Error { code message }\n    }\n  }\n": typeof types.BoltCreateWebhookDocument,
    "\n  query BoltWebhooksInScope($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url events createdAt scope { divisionId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message }\n    }\n  }\n": typeof types.BoltWebhooksInScopeDocument,
    "\n  query BoltProviderInfo {\n    providers {\n      name\n      configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n": typeof types.BoltProviderInfoDocument,
    "\n  query Up42ListWebhooks($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: UP42, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId name hasSecret createdAt scope { workspaceId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.Up42ListWebhooksDocument,
    "mutation CreateValidatedOrderType { createWebhookEventType(input: {\n       name: \"order.created\",\n       schema: { type: \"object\", required: [\"orderId\"], properties: { orderId: { type: \"string\" } } }\n     }) { __typename } }": typeof types.CreateValidatedOrderTypeDocument,
    "\n  subscription Watch($webhookId: ID, $events: [String!]) {\n    deliveryEvents(webhookId: $webhookId, events: $events) {\n      attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus statusCode\n    }\n  }\n": typeof types.WatchDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess {\n        duplicate\n        event { id eventType payload idempotencyKey createdAt }\n        deliveries { id status attemptCount webhookId }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PublishEventDocument,
    "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt webhookId\n          event { id eventType }\n          webhook { id url }\n          attempts { attemptNumber outcome statusCode durationMs error responseBody startedAt }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ListDeliveriesDocument,
    "\n  query WebhookWithDeliveries($id: ID!) {\n    webhook(id: $id) { id active disabledReason deliveries(first: 100) { nodes { id status attemptCount } } }\n  }\n": typeof types.WebhookWithDeliveriesDocument,
    "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { id status } }\n      ... on DeliveryInFlightError { deliveryId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RedeliverDocument,
    "\n  mutation RecoverDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RecoverDeliveriesDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    provider\n    externalId\n    url\n    urls\n    name\n    events\n    active\n    isTest\n    hasSecret\n    createdAt\n    updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  mutation CreateEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess {\n        eventType { name title description category schema example provider }\n      }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateEventTypeDocument,
    "\n  mutation UpdateEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { name title description category schema example } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UpdateEventTypeDocument,
    "\n  mutation DeleteEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteEventTypeDocument,
    "\n  query WebhookEvents($provider: Provider!) {\n    webhookEvents(provider: $provider) { name title category schema example provider }\n  }\n": typeof types.WebhookEventsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on UnsupportedOperationError { provider operation }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation RotateSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { id hasSecret } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RotateSecretDocument,
    "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result {\n          startedAt testsRun testsSucceeded testsFailed\n          tests { event url success statusCode durationMs error responseBody }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on Error { code message }\n    }\n  }\n": typeof types.TestWebhookDocument,
    "\n  query ListWebhooks($provider: Provider, $first: Int, $after: String) {\n    webhooks(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields eventTypes { name title } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      providerErrors { provider code message }\n    }\n  }\n": typeof types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields eventTypes { name } }\n  }\n": typeof types.GetWebhookDocument,
    "\n  query GetNode($id: ID!) {\n    node(id: $id) { __typename id ... on Webhook { url } }\n  }\n": typeof types.GetNodeDocument,
    "\n  query Providers {\n    providers { name configured capabilities { list create update delete test rotateSecret multipleUrls maxEventsPerWebhook } }\n  }\n": typeof types.ProvidersDocument,
};
const documents: Documents = {
    "\n  query BlazeWebhookScope($id: ID!) {\n    webhook(id: $id) { id externalId scope { shopId companyId divisionId workspaceId } }\n  }\n": types.BlazeWebhookScopeDocument,
    "\n  query BlazeListInScope($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: BLAZE, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url urls events scope { shopId companyId } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BlazeListInScopeDocument,
    "\n  mutation BoltCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields scope { divisionId } } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on UpstreamError { provider status retryable }\n      ... on Error { code message }\n    }\n  }\n": types.BoltCreateWebhookDocument,
    "\n  query BoltWebhooksInScope($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url events createdAt scope { divisionId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message }\n    }\n  }\n": types.BoltWebhooksInScopeDocument,
    "\n  query BoltProviderInfo {\n    providers {\n      name\n      configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n": types.BoltProviderInfoDocument,
    "\n  query Up42ListWebhooks($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: UP42, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId name hasSecret createdAt scope { workspaceId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.Up42ListWebhooksDocument,
    "mutation CreateValidatedOrderType { createWebhookEventType(input: {\n       name: \"order.created\",\n       schema: { type: \"object\", required: [\"orderId\"], properties: { orderId: { type: \"string\" } } }\n     }) { __typename } }": types.CreateValidatedOrderTypeDocument,
    "\n  subscription Watch($webhookId: ID, $events: [String!]) {\n    deliveryEvents(webhookId: $webhookId, events: $events) {\n      attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus statusCode\n    }\n  }\n": types.WatchDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess {\n        duplicate\n        event { id eventType payload idempotencyKey createdAt }\n        deliveries { id status attemptCount webhookId }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.PublishEventDocument,
    "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt webhookId\n          event { id eventType }\n          webhook { id url }\n          attempts { attemptNumber outcome statusCode durationMs error responseBody startedAt }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ListDeliveriesDocument,
    "\n  query WebhookWithDeliveries($id: ID!) {\n    webhook(id: $id) { id active disabledReason deliveries(first: 100) { nodes { id status attemptCount } } }\n  }\n": types.WebhookWithDeliveriesDocument,
    "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { id status } }\n      ... on DeliveryInFlightError { deliveryId }\n      ... on Error { code message }\n    }\n  }\n": types.RedeliverDocument,
    "\n  mutation RecoverDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n": types.RecoverDeliveriesDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    provider\n    externalId\n    url\n    urls\n    name\n    events\n    active\n    isTest\n    hasSecret\n    createdAt\n    updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  mutation CreateEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess {\n        eventType { name title description category schema example provider }\n      }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateEventTypeDocument,
    "\n  mutation UpdateEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { name title description category schema example } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n": types.UpdateEventTypeDocument,
    "\n  mutation DeleteEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteEventTypeDocument,
    "\n  query WebhookEvents($provider: Provider!) {\n    webhookEvents(provider: $provider) { name title category schema example provider }\n  }\n": types.WebhookEventsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on UnsupportedOperationError { provider operation }\n      ... on Error { code message }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation RotateSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { id hasSecret } }\n      ... on Error { code message }\n    }\n  }\n": types.RotateSecretDocument,
    "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result {\n          startedAt testsRun testsSucceeded testsFailed\n          tests { event url success statusCode durationMs error responseBody }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on Error { code message }\n    }\n  }\n": types.TestWebhookDocument,
    "\n  query ListWebhooks($provider: Provider, $first: Int, $after: String) {\n    webhooks(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields eventTypes { name title } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      providerErrors { provider code message }\n    }\n  }\n": types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields eventTypes { name } }\n  }\n": types.GetWebhookDocument,
    "\n  query GetNode($id: ID!) {\n    node(id: $id) { __typename id ... on Webhook { url } }\n  }\n": types.GetNodeDocument,
    "\n  query Providers {\n    providers { name configured capabilities { list create update delete test rotateSecret multipleUrls maxEventsPerWebhook } }\n  }\n": types.ProvidersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BlazeWebhookScope($id: ID!) {\n    webhook(id: $id) { id externalId scope { shopId companyId divisionId workspaceId } }\n  }\n"): (typeof documents)["\n  query BlazeWebhookScope($id: ID!) {\n    webhook(id: $id) { id externalId scope { shopId companyId divisionId workspaceId } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BlazeListInScope($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: BLAZE, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url urls events scope { shopId companyId } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query BlazeListInScope($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: BLAZE, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url urls events scope { shopId companyId } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoltCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields scope { divisionId } } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on UpstreamError { provider status retryable }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation BoltCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields scope { divisionId } } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on UpstreamError { provider status retryable }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoltWebhooksInScope($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url events createdAt scope { divisionId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message }\n    }\n  }\n"): (typeof documents)["\n  query BoltWebhooksInScope($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId url events createdAt scope { divisionId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoltProviderInfo {\n    providers {\n      name\n      configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n"): (typeof documents)["\n  query BoltProviderInfo {\n    providers {\n      name\n      configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Up42ListWebhooks($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: UP42, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId name hasSecret createdAt scope { workspaceId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Up42ListWebhooks($scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: UP42, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { id externalId name hasSecret createdAt scope { workspaceId } eventTypes { name title } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateValidatedOrderType { createWebhookEventType(input: {\n       name: \"order.created\",\n       schema: { type: \"object\", required: [\"orderId\"], properties: { orderId: { type: \"string\" } } }\n     }) { __typename } }"): (typeof documents)["mutation CreateValidatedOrderType { createWebhookEventType(input: {\n       name: \"order.created\",\n       schema: { type: \"object\", required: [\"orderId\"], properties: { orderId: { type: \"string\" } } }\n     }) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Watch($webhookId: ID, $events: [String!]) {\n    deliveryEvents(webhookId: $webhookId, events: $events) {\n      attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus statusCode\n    }\n  }\n"): (typeof documents)["\n  subscription Watch($webhookId: ID, $events: [String!]) {\n    deliveryEvents(webhookId: $webhookId, events: $events) {\n      attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus statusCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess {\n        duplicate\n        event { id eventType payload idempotencyKey createdAt }\n        deliveries { id status attemptCount webhookId }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess {\n        duplicate\n        event { id eventType payload idempotencyKey createdAt }\n        deliveries { id status attemptCount webhookId }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt webhookId\n          event { id eventType }\n          webhook { id url }\n          attempts { attemptNumber outcome statusCode durationMs error responseBody startedAt }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt webhookId\n          event { id eventType }\n          webhook { id url }\n          attempts { attemptNumber outcome statusCode durationMs error responseBody startedAt }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookWithDeliveries($id: ID!) {\n    webhook(id: $id) { id active disabledReason deliveries(first: 100) { nodes { id status attemptCount } } }\n  }\n"): (typeof documents)["\n  query WebhookWithDeliveries($id: ID!) {\n    webhook(id: $id) { id active disabledReason deliveries(first: 100) { nodes { id status attemptCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { id status } }\n      ... on DeliveryInFlightError { deliveryId }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { id status } }\n      ... on DeliveryInFlightError { deliveryId }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecoverDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RecoverDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    provider\n    externalId\n    url\n    urls\n    name\n    events\n    active\n    isTest\n    hasSecret\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    provider\n    externalId\n    url\n    urls\n    name\n    events\n    active\n    isTest\n    hasSecret\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess {\n        eventType { name title description category schema example provider }\n      }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess {\n        eventType { name title description category schema example provider }\n      }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { name title description category schema example } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { name title description category schema example } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEvents($provider: Provider!) {\n    webhookEvents(provider: $provider) { name title category schema example provider }\n  }\n"): (typeof documents)["\n  query WebhookEvents($provider: Provider!) {\n    webhookEvents(provider: $provider) { name title category schema example provider }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on UnsupportedOperationError { provider operation }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { code message fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on UnsupportedOperationError { provider operation }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on NotFoundError { resource id }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { id hasSecret } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { id hasSecret } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result {\n          startedAt testsRun testsSucceeded testsFailed\n          tests { event url success statusCode durationMs error responseBody }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result {\n          startedAt testsRun testsSucceeded testsFailed\n          tests { event url success statusCode durationMs error responseBody }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on ProviderNotConfiguredError { provider }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListWebhooks($provider: Provider, $first: Int, $after: String) {\n    webhooks(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields eventTypes { name title } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      providerErrors { provider code message }\n    }\n  }\n"): (typeof documents)["\n  query ListWebhooks($provider: Provider, $first: Int, $after: String) {\n    webhooks(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields eventTypes { name title } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      providerErrors { provider code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields eventTypes { name } }\n  }\n"): (typeof documents)["\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields eventTypes { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetNode($id: ID!) {\n    node(id: $id) { __typename id ... on Webhook { url } }\n  }\n"): (typeof documents)["\n  query GetNode($id: ID!) {\n    node(id: $id) { __typename id ... on Webhook { url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Providers {\n    providers { name configured capabilities { list create update delete test rotateSecret multipleUrls maxEventsPerWebhook } }\n  }\n"): (typeof documents)["\n  query Providers {\n    providers { name configured capabilities { list create update delete test rotateSecret multipleUrls maxEventsPerWebhook } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;