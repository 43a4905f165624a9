/**
 * A typed document for every operation of the API, generated into ./gql by GraphQL Code
 * Generator's client preset from schema/schema.graphql (`npm run codegen`). Each result type
 * and variables type follows from the document: `client.request(CreateWebhook, { input })`.
 */
import { graphql } from './gql/index.ts';

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id provider externalId url urls name events active isTest hasSecret disabledReason
    scope { divisionId shopId companyId workspaceId }
    createdAt updatedAt
  }
`);

export const DeliveryFields = graphql(`
  fragment DeliveryFields on Delivery {
    id status attemptCount nextAttemptAt lastStatusCode lastError createdAt updatedAt deliveredAt webhookId
    event { id eventType payload idempotencyKey createdAt }
  }
`);

export const EventTypeFields = graphql(`
  fragment EventTypeFields on WebhookEvent { name provider title description category schema example }
`);

export const InboundSourceFields = graphql(`
  fragment InboundSourceFields on InboundSource {
    id provider name url events createdAt receivedCount lastReceivedAt rejectedCount
    scope { divisionId shopId companyId workspaceId }
    webhook { id externalId }
  }
`);

export const ProviderEventFields = graphql(`
  fragment ProviderEventFields on ProviderEvent { id cursor provider type occurredAt receivedAt data payload source { id } }
`);

// Queries

export const Providers = graphql(`
  query Providers {
    providers {
      name configured
      capabilities { list get create update delete test rotateSecret multipleUrls maxEventsPerWebhook updateChangesId }
    }
  }
`);

export const ListWebhooks = graphql(`
  query ListWebhooks($provider: Provider, $scope: WebhookScopeInput, $first: Int, $after: String) {
    webhooks(provider: $provider, scope: $scope, first: $first, after: $after) {
      edges { cursor node { ...WebhookFields } }
      pageInfo { hasNextPage endCursor }
      providerErrors { provider code message status retryable }
    }
  }
`);

export const GetWebhook = graphql(`
  query GetWebhook($id: ID!) { webhook(id: $id) { ...WebhookFields eventTypes { ...EventTypeFields } } }
`);

export const GetNode = graphql(`
  query GetNode($id: ID!) { node(id: $id) { id ... on Webhook { ...WebhookFields } } }
`);

export const WebhookEvents = graphql(`
  query WebhookEvents($provider: Provider!) { webhookEvents(provider: $provider) { ...EventTypeFields } }
`);

export const ListDeliveries = graphql(`
  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {
    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {
      edges { cursor node { ...DeliveryFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const GetDelivery = graphql(`
  query GetDelivery($id: ID!) {
    delivery(id: $id) {
      ...DeliveryFields
      attempts { id attemptNumber outcome statusCode durationMs error responseBody startedAt }
    }
  }
`);

export const ListInboundSources = graphql(`
  query ListInboundSources($provider: InboundProvider, $first: Int, $after: String) {
    inboundSources(provider: $provider, first: $first, after: $after) {
      edges { cursor node { ...InboundSourceFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const GetInboundSource = graphql(`
  query GetInboundSource($id: ID!) { inboundSource(id: $id) { ...InboundSourceFields } }
`);

export const ListProviderEvents = graphql(`
  query ListProviderEvents($provider: InboundProvider, $type: String, $sourceId: ID, $first: Int, $after: String) {
    providerEvents(provider: $provider, type: $type, sourceId: $sourceId, first: $first, after: $after) {
      edges { cursor node { ...ProviderEventFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

// Mutations: each answers a union of its success type and errors implementing `Error`.

export const CreateWebhook = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const UpdateWebhook = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      __typename
      ... on UpdateWebhookSuccess { previousId webhook { ...WebhookFields } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const DeleteWebhook = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      __typename
      ... on DeleteWebhookSuccess { deletedId }
      ... on Error { code message }
    }
  }
`);

export const TestWebhook = graphql(`
  mutation TestWebhook($id: ID!, $event: String) {
    testWebhook(id: $id, event: $event) {
      __typename
      ... on TestWebhookSuccess {
        result { startedAt testsRun testsSucceeded testsFailed tests { event url success statusCode durationMs error responseBody } }
      }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const RotateWebhookSecret = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      __typename
      ... on RotateWebhookSecretSuccess { secret webhook { ...WebhookFields } }
      ... on Error { code message }
    }
  }
`);

export const CreateWebhookEventType = graphql(`
  mutation CreateWebhookEventType($input: CreateWebhookEventTypeInput!) {
    createWebhookEventType(input: $input) {
      __typename
      ... on CreateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const UpdateWebhookEventType = graphql(`
  mutation UpdateWebhookEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {
    updateWebhookEventType(name: $name, input: $input) {
      __typename
      ... on UpdateWebhookEventTypeSuccess { eventType { ...EventTypeFields } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const DeleteWebhookEventType = graphql(`
  mutation DeleteWebhookEventType($name: String!) {
    deleteWebhookEventType(name: $name) {
      __typename
      ... on DeleteWebhookEventTypeSuccess { deletedName }
      ... on Error { code message }
    }
  }
`);

export const PublishEvent = graphql(`
  mutation PublishEvent($input: PublishEventInput!) {
    publishEvent(input: $input) {
      __typename
      ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const PublishEvents = graphql(`
  mutation PublishEvents($inputs: [PublishEventInput!]!) {
    publishEvents(inputs: $inputs) {
      __typename
      ... on PublishEventsSuccess {
        results {
          __typename
          ... on PublishEventSuccess { duplicate event { id eventType createdAt } deliveries { id status webhookId } }
          ... on ValidationError { fieldErrors { path message } }
        }
      }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const Redeliver = graphql(`
  mutation Redeliver($deliveryId: ID!) {
    redeliver(deliveryId: $deliveryId) {
      __typename
      ... on RedeliverSuccess { delivery { ...DeliveryFields } }
      ... on Error { code message }
    }
  }
`);

export const RecoverWebhookDeliveries = graphql(`
  mutation RecoverWebhookDeliveries($id: ID!, $since: DateTime!) {
    recoverWebhookDeliveries(id: $id, since: $since) {
      __typename
      ... on RecoverWebhookDeliveriesSuccess { recovered }
      ... on Error { code message }
    }
  }
`);

export const CreateInboundSource = graphql(`
  mutation CreateInboundSource($input: CreateInboundSourceInput!) {
    createInboundSource(input: $input) {
      __typename
      ... on CreateInboundSourceSuccess { secret warning source { ...InboundSourceFields } }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const DeleteInboundSource = graphql(`
  mutation DeleteInboundSource($id: ID!) {
    deleteInboundSource(id: $id) {
      __typename
      ... on DeleteInboundSourceSuccess { deletedId }
      ... on Error { code message }
    }
  }
`);

// Subscriptions

export const DeliveryEvents = graphql(`
  subscription DeliveryEvents($webhookId: ID, $events: [String!], $after: String) {
    deliveryEvents(webhookId: $webhookId, events: $events, after: $after) {
      cursor attemptId deliveryId webhookId eventId eventType attemptNumber outcome deliveryStatus
      statusCode durationMs error nextAttemptAt occurredAt
    }
  }
`);

export const ProviderEvents = graphql(`
  subscription ProviderEvents($provider: InboundProvider, $types: [String!], $after: String) {
    providerEvents(provider: $provider, types: $types, after: $after) { ...ProviderEventFields }
  }
`);
