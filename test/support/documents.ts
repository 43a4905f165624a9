/** Operations the tests send, typed by GraphQL Code Generator (npm run codegen). */
import { graphql } from '../generated/index.ts';

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    provider
    externalId
    url
    urls
    name
    events
    active
    isTest
    hasSecret
    createdAt
    updatedAt
  }
`);

export const CreateEventType = graphql(`
  mutation CreateEventType($input: CreateWebhookEventTypeInput!) {
    createWebhookEventType(input: $input) {
      __typename
      ... on CreateWebhookEventTypeSuccess {
        eventType { name title description category schema example provider }
      }
      ... on ValidationError { code message fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const UpdateEventType = graphql(`
  mutation UpdateEventType($name: String!, $input: UpdateWebhookEventTypeInput!) {
    updateWebhookEventType(name: $name, input: $input) {
      __typename
      ... on UpdateWebhookEventTypeSuccess { eventType { name title description category schema example } }
      ... on ValidationError { fieldErrors { path message } }
      ... on NotFoundError { resource id }
      ... on Error { code message }
    }
  }
`);

export const DeleteEventType = graphql(`
  mutation DeleteEventType($name: String!) {
    deleteWebhookEventType(name: $name) {
      __typename
      ... on DeleteWebhookEventTypeSuccess { deletedName }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const WebhookEvents = graphql(`
  query WebhookEvents($provider: Provider!) {
    webhookEvents(provider: $provider) { name title category schema example provider }
  }
`);

export const CreateWebhook = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookSuccess { secret webhook { ...WebhookFields } }
      ... on ValidationError { code message fieldErrors { path message } }
      ... on ProviderNotConfiguredError { provider }
      ... on UnsupportedOperationError { provider operation }
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
      ... on NotFoundError { resource id }
      ... on Error { code message }
    }
  }
`);

export const DeleteWebhook = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      __typename
      ... on DeleteWebhookSuccess { deletedId }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const RotateSecret = graphql(`
  mutation RotateSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      __typename
      ... on RotateWebhookSecretSuccess { secret webhook { id hasSecret } }
      ... on Error { code message }
    }
  }
`);

export const TestWebhook = graphql(`
  mutation TestWebhook($id: ID!, $event: String) {
    testWebhook(id: $id, event: $event) {
      __typename
      ... on TestWebhookSuccess {
        result {
          startedAt testsRun testsSucceeded testsFailed
          tests { event url success statusCode durationMs error responseBody }
        }
      }
      ... on ValidationError { fieldErrors { path message } }
      ... on ProviderNotConfiguredError { provider }
      ... on Error { code message }
    }
  }
`);

export const ListWebhooks = graphql(`
  query ListWebhooks($provider: Provider, $first: Int, $after: String) {
    webhooks(provider: $provider, first: $first, after: $after) {
      edges { cursor node { ...WebhookFields eventTypes { name title } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      providerErrors { provider code message }
    }
  }
`);

export const GetWebhook = graphql(`
  query GetWebhook($id: ID!) {
    webhook(id: $id) { ...WebhookFields eventTypes { name } }
  }
`);

export const GetNode = graphql(`
  query GetNode($id: ID!) {
    node(id: $id) { __typename id ... on Webhook { url } }
  }
`);

export const Providers = graphql(`
  query Providers {
    providers { name configured capabilities { list create update delete test rotateSecret multipleUrls maxEventsPerWebhook } }
  }
`);
