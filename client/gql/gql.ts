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
    "\n  fragment WebhookFields on Webhook {\n    id provider externalId url urls name events active isTest hasSecret disabledReason\n    scope { divisionId shopId companyId workspaceId }\n    createdAt updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on Delivery {\n    id status attemptCount nextAttemptAt lastStatusCode lastError createdAt updatedAt deliveredAt webhookId\n    event { id eventType payload idempotencyKey createdAt }\n  }\n": typeof types.DeliveryFieldsFragmentDoc,
    "\n  fragment EventTypeFields on WebhookEvent { name provider title description category schema example }\n": typeof types.EventTypeFieldsFragmentDoc,
    "\n  fragment InboundSourceFields on InboundSource {\n    id provider name url events createdAt receivedCount lastReceivedAt rejectedCount\n    scope { divisionId shopId companyId workspaceId }\n    webhook { id externalId }\n  }\n": typeof types.InboundSourceFieldsFragmentDoc,
    "\n  fragment ProviderEventFields on ProviderEvent { id cursor provider type occurredAt receivedAt data payload source { id } }\n": typeof types.ProviderEventFieldsFragmentDoc,
    "\n  query Providers {\n    providers {\n      name configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n": typeof types.ProvidersDocument,
    "\n  query ListWebhooks($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message status retryable }\n    }\n  }\n": typeof types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) { webhook(id: $id) { ...WebhookFields eventTypes { ...EventTypeFields } } }\n": typeof types.GetWebhookDocument,
    "\n  query GetNode($id: ID!) { node(id: $id) { id ... on Webhook { ...WebhookFields } } }\n": typeof types.GetNodeDocument,
    "\n  query WebhookEvents($provider: Provider!) { webhookEvents(provider: $provider) { ...EventTypeFields } }\n": typeof types.WebhookEventsDocument,
    "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DeliveryFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ListDeliveriesDocument,
    "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n      attempts { id attemptNumber outcome statusCode durationMs error responseBody startedAt }\n    }\n  }\n": typeof types.GetDeliveryDocument,
    "\n  query ListInboundSources($provider: InboundProvider, $first: Int, $after: String) {\n    inboundSources(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...InboundSourceFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ListInboundSourcesDocument,
    "\n  query GetInboundSource($id: ID!) { inboundSource(id: $id) { ...InboundSourceFields } }\n": typeof types.GetInboundSourceDocument,
    "\n  query ListProviderEvents($provider: InboundProvider, $type: String, $sourceId: ID, $first: Int, $after: String) {\n    providerEvents(provider: $provider, type: $type, sourceId: $sourceId, first: $first, after: $after) {\n      edges { cursor node { ...ProviderEventFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ListProviderEventsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result { startedAt testsRun testsSucceeded testsFailed tests { event url success statusCode durationMs error responseBody } }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.TestWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { ...WebhookFields } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation CreateWebhookEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateWebhookEventTypeDocument,
    "\n  mutation UpdateWebhookEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UpdateWebhookEventTypeDocument,
    "\n  mutation DeleteWebhookEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteWebhookEventTypeDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PublishEventDocument,
    "\n  mutation PublishEvents($inputs: [PublishEventInput!]!) {\n    publishEvents(inputs: $inputs) {\n      __typename\n      ... on PublishEventsSuccess {\n        results {\n          __typename\n          ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n          ... on ValidationError { fieldErrors { path message } }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PublishEventsDocument,
    "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { ...DeliveryFields } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RedeliverDocument,
    "\n  mutation RecoverWebhookDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RecoverWebhookDeliveriesDocument,
    "\n  mutation CreateInboundSource($input: CreateInboundSourceInput!) {\n    createInboundSource(input: $input) {\n      __typename\n      ... on CreateInboundSourceSuccess { secret warning source { ...InboundSourceFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateInboundSourceDocument,
    "\n  mutation DeleteInboundSource($id: ID!) {\n    deleteInboundSource(id: $id) {\n      __typename\n      ... on DeleteInboundSourceSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteInboundSourceDocument,
    "\n  subscription DeliveryEvents($webhookId: ID, $events: [String!], $after: String) {\n    deliveryEvents(webhookId: $webhookId, events: $events, after: $after) {\n      cursor attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus\n      statusCode durationMs error nextAttemptAt occurredAt\n    }\n  }\n": typeof types.DeliveryEventsDocument,
    "\n  subscription ProviderEvents($provider: InboundProvider, $types: [String!], $after: String) {\n    providerEvents(provider: $provider, types: $types, after: $after) { ...ProviderEventFields }\n  }\n": typeof types.ProviderEventsDocument,
};
const documents: Documents = {
    "\n  fragment WebhookFields on Webhook {\n    id provider externalId url urls name events active isTest hasSecret disabledReason\n    scope { divisionId shopId companyId workspaceId }\n    createdAt updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on Delivery {\n    id status attemptCount nextAttemptAt lastStatusCode lastError createdAt updatedAt deliveredAt webhookId\n    event { id eventType payload idempotencyKey createdAt }\n  }\n": types.DeliveryFieldsFragmentDoc,
    "\n  fragment EventTypeFields on WebhookEvent { name provider title description category schema example }\n": types.EventTypeFieldsFragmentDoc,
    "\n  fragment InboundSourceFields on InboundSource {\n    id provider name url events createdAt receivedCount lastReceivedAt rejectedCount\n    scope { divisionId shopId companyId workspaceId }\n    webhook { id externalId }\n  }\n": types.InboundSourceFieldsFragmentDoc,
    "\n  fragment ProviderEventFields on ProviderEvent { id cursor provider type occurredAt receivedAt data payload source { id } }\n": types.ProviderEventFieldsFragmentDoc,
    "\n  query Providers {\n    providers {\n      name configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n": types.ProvidersDocument,
    "\n  query ListWebhooks($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message status retryable }\n    }\n  }\n": types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) { webhook(id: $id) { ...WebhookFields eventTypes { ...EventTypeFields } } }\n": types.GetWebhookDocument,
    "\n  query GetNode($id: ID!) { node(id: $id) { id ... on Webhook { ...WebhookFields } } }\n": types.GetNodeDocument,
    "\n  query WebhookEvents($provider: Provider!) { webhookEvents(provider: $provider) { ...EventTypeFields } }\n": types.WebhookEventsDocument,
    "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DeliveryFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ListDeliveriesDocument,
    "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n      attempts { id attemptNumber outcome statusCode durationMs error responseBody startedAt }\n    }\n  }\n": types.GetDeliveryDocument,
    "\n  query ListInboundSources($provider: InboundProvider, $first: Int, $after: String) {\n    inboundSources(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...InboundSourceFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ListInboundSourcesDocument,
    "\n  query GetInboundSource($id: ID!) { inboundSource(id: $id) { ...InboundSourceFields } }\n": types.GetInboundSourceDocument,
    "\n  query ListProviderEvents($provider: InboundProvider, $type: String, $sourceId: ID, $first: Int, $after: String) {\n    providerEvents(provider: $provider, type: $type, sourceId: $sourceId, first: $first, after: $after) {\n      edges { cursor node { ...ProviderEventFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ListProviderEventsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result { startedAt testsRun testsSucceeded testsFailed tests { event url success statusCode durationMs error responseBody } }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.TestWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { ...WebhookFields } }\n      ... on Error { code message }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation CreateWebhookEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateWebhookEventTypeDocument,
    "\n  mutation UpdateWebhookEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.UpdateWebhookEventTypeDocument,
    "\n  mutation DeleteWebhookEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteWebhookEventTypeDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.PublishEventDocument,
    "\n  mutation PublishEvents($inputs: [PublishEventInput!]!) {\n    publishEvents(inputs: $inputs) {\n      __typename\n      ... on PublishEventsSuccess {\n        results {\n          __typename\n          ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n          ... on ValidationError { fieldErrors { path message } }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.PublishEventsDocument,
    "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { ...DeliveryFields } }\n      ... on Error { code message }\n    }\n  }\n": types.RedeliverDocument,
    "\n  mutation RecoverWebhookDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n": types.RecoverWebhookDeliveriesDocument,
    "\n  mutation CreateInboundSource($input: CreateInboundSourceInput!) {\n    createInboundSource(input: $input) {\n      __typename\n      ... on CreateInboundSourceSuccess { secret warning source { ...InboundSourceFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateInboundSourceDocument,
    "\n  mutation DeleteInboundSource($id: ID!) {\n    deleteInboundSource(id: $id) {\n      __typename\n      ... on DeleteInboundSourceSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteInboundSourceDocument,
    "\n  subscription DeliveryEvents($webhookId: ID, $events: [String!], $after: String) {\n    deliveryEvents(webhookId: $webhookId, events: $events, after: $after) {\n      cursor attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus\n      statusCode durationMs error nextAttemptAt occurredAt\n    }\n  }\n": types.DeliveryEventsDocument,
    "\n  subscription ProviderEvents($provider: InboundProvider, $types: [String!], $after: String) {\n    providerEvents(provider: $provider, types: $types, after: $after) { ...ProviderEventFields }\n  }\n": types.ProviderEventsDocument,
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
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id provider externalId url urls name events active isTest hasSecret disabledReason\n    scope { divisionId shopId companyId workspaceId }\n    createdAt updatedAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id provider externalId url urls name events active isTest hasSecret disabledReason\n    scope { divisionId shopId companyId workspaceId }\n    createdAt updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryFields on Delivery {\n    id status attemptCount nextAttemptAt lastStatusCode lastError createdAt updatedAt deliveredAt webhookId\n    event { id eventType payload idempotencyKey createdAt }\n  }\n"): (typeof documents)["\n  fragment DeliveryFields on Delivery {\n    id status attemptCount nextAttemptAt lastStatusCode lastError createdAt updatedAt deliveredAt webhookId\n    event { id eventType payload idempotencyKey createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventTypeFields on WebhookEvent { name provider title description category schema example }\n"): (typeof documents)["\n  fragment EventTypeFields on WebhookEvent { name provider title description category schema example }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboundSourceFields on InboundSource {\n    id provider name url events createdAt receivedCount lastReceivedAt rejectedCount\n    scope { divisionId shopId companyId workspaceId }\n    webhook { id externalId }\n  }\n"): (typeof documents)["\n  fragment InboundSourceFields on InboundSource {\n    id provider name url events createdAt receivedCount lastReceivedAt rejectedCount\n    scope { divisionId shopId companyId workspaceId }\n    webhook { id externalId }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProviderEventFields on ProviderEvent { id cursor provider type occurredAt receivedAt data payload source { id } }\n"): (typeof documents)["\n  fragment ProviderEventFields on ProviderEvent { id cursor provider type occurredAt receivedAt data payload source { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Providers {\n    providers {\n      name configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n"): (typeof documents)["\n  query Providers {\n    providers {\n      name configured\n      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListWebhooks($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message status retryable }\n    }\n  }\n"): (typeof documents)["\n  query ListWebhooks($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {\n    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {\n      edges { cursor node { ...WebhookFields } }\n      pageInfo { hasNextPage endCursor }\n      providerErrors { provider code message status retryable }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetWebhook($id: ID!) { webhook(id: $id) { ...WebhookFields eventTypes { ...EventTypeFields } } }\n"): (typeof documents)["\n  query GetWebhook($id: ID!) { webhook(id: $id) { ...WebhookFields eventTypes { ...EventTypeFields } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetNode($id: ID!) { node(id: $id) { id ... on Webhook { ...WebhookFields } } }\n"): (typeof documents)["\n  query GetNode($id: ID!) { node(id: $id) { id ... on Webhook { ...WebhookFields } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEvents($provider: Provider!) { webhookEvents(provider: $provider) { ...EventTypeFields } }\n"): (typeof documents)["\n  query WebhookEvents($provider: Provider!) { webhookEvents(provider: $provider) { ...EventTypeFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DeliveryFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {\n    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DeliveryFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n      attempts { id attemptNumber outcome statusCode durationMs error responseBody startedAt }\n    }\n  }\n"): (typeof documents)["\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n      attempts { id attemptNumber outcome statusCode durationMs error responseBody startedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListInboundSources($provider: InboundProvider, $first: Int, $after: String) {\n    inboundSources(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...InboundSourceFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ListInboundSources($provider: InboundProvider, $first: Int, $after: String) {\n    inboundSources(provider: $provider, first: $first, after: $after) {\n      edges { cursor node { ...InboundSourceFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetInboundSource($id: ID!) { inboundSource(id: $id) { ...InboundSourceFields } }\n"): (typeof documents)["\n  query GetInboundSource($id: ID!) { inboundSource(id: $id) { ...InboundSourceFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListProviderEvents($provider: InboundProvider, $type: String, $sourceId: ID, $first: Int, $after: String) {\n    providerEvents(provider: $provider, type: $type, sourceId: $sourceId, first: $first, after: $after) {\n      edges { cursor node { ...ProviderEventFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ListProviderEvents($provider: InboundProvider, $type: String, $sourceId: ID, $first: Int, $after: String) {\n    providerEvents(provider: $provider, type: $type, sourceId: $sourceId, first: $first, after: $after) {\n      edges { cursor node { ...ProviderEventFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      __typename\n      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      __typename\n      ... on DeleteWebhookSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result { startedAt testsRun testsSucceeded testsFailed tests { event url success statusCode durationMs error responseBody } }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation TestWebhook($id: ID!, $event: String) {\n    testWebhook(id: $id, event: $event) {\n      __typename\n      ... on TestWebhookSuccess {\n        result { startedAt testsRun testsSucceeded testsFailed tests { event url success statusCode durationMs error responseBody } }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { ...WebhookFields } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      __typename\n      ... on RotateWebhookSecretSuccess { secret webhook { ...WebhookFields } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEventType($input: CreateWebhookEventTypeInput!) {\n    createWebhookEventType(input: $input) {\n      __typename\n      ... on CreateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhookEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {\n    updateWebhookEventType(name: $name, input: $input) {\n      __typename\n      ... on UpdateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhookEventType($name: String!) {\n    deleteWebhookEventType(name: $name) {\n      __typename\n      ... on DeleteWebhookEventTypeSuccess { deletedName }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishEvents($inputs: [PublishEventInput!]!) {\n    publishEvents(inputs: $inputs) {\n      __typename\n      ... on PublishEventsSuccess {\n        results {\n          __typename\n          ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n          ... on ValidationError { fieldErrors { path message } }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishEvents($inputs: [PublishEventInput!]!) {\n    publishEvents(inputs: $inputs) {\n      __typename\n      ... on PublishEventsSuccess {\n        results {\n          __typename\n          ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }\n          ... on ValidationError { fieldErrors { path message } }\n        }\n      }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { ...DeliveryFields } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation Redeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      __typename\n      ... on RedeliverSuccess { delivery { ...DeliveryFields } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecoverWebhookDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RecoverWebhookDeliveries($id: ID!, $since: DateTime!) {\n    recoverWebhookDeliveries(id: $id, since: $since) {\n      __typename\n      ... on RecoverWebhookDeliveriesSuccess { recovered }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInboundSource($input: CreateInboundSourceInput!) {\n    createInboundSource(input: $input) {\n      __typename\n      ... on CreateInboundSourceSuccess { secret warning source { ...InboundSourceFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInboundSource($input: CreateInboundSourceInput!) {\n    createInboundSource(input: $input) {\n      __typename\n      ... on CreateInboundSourceSuccess { secret warning source { ...InboundSourceFields } }\n      ... on ValidationError { fieldErrors { path message } }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteInboundSource($id: ID!) {\n    deleteInboundSource(id: $id) {\n      __typename\n      ... on DeleteInboundSourceSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteInboundSource($id: ID!) {\n    deleteInboundSource(id: $id) {\n      __typename\n      ... on DeleteInboundSourceSuccess { deletedId }\n      ... on Error { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeliveryEvents($webhookId: ID, $events: [String!], $after: String) {\n    deliveryEvents(webhookId: $webhookId, events: $events, after: $after) {\n      cursor attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus\n      statusCode durationMs error nextAttemptAt occurredAt\n    }\n  }\n"): (typeof documents)["\n  subscription DeliveryEvents($webhookId: ID, $events: [String!], $after: String) {\n    deliveryEvents(webhookId: $webhookId, events: $events, after: $after) {\n      cursor attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus\n      statusCode durationMs error nextAttemptAt occurredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProviderEvents($provider: InboundProvider, $types: [String!], $after: String) {\n    providerEvents(provider: $provider, types: $types, after: $after) { ...ProviderEventFields }\n  }\n"): (typeof documents)["\n  subscription ProviderEvents($provider: InboundProvider, $types: [String!], $after: String) {\n    providerEvents(provider: $provider, types: $types, after: $after) { ...ProviderEventFields }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;