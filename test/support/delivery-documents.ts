/** Typed operations of the delivery tests. */
import { graphql } from '../generated/index.ts';

export const PublishEvent = graphql(`
  mutation PublishEvent($input: PublishEventInput!) {
    publishEvent(input: $input) {
      __typename
      ... on PublishEventSuccess {
        duplicate
        event { id eventType payload idempotencyKey createdAt }
        deliveries { id status attemptCount webhookId }
      }
      ... on ValidationError { fieldErrors { path message } }
      ... on Error { code message }
    }
  }
`);

export const ListDeliveries = graphql(`
  query ListDeliveries($webhookId: ID, $status: DeliveryStatus, $first: Int, $after: String) {
    deliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          id status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt webhookId
          event { id eventType }
          webhook { id url }
          attempts { attemptNumber outcome statusCode durationMs error responseBody startedAt }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const WebhookWithDeliveries = graphql(`
  query WebhookWithDeliveries($id: ID!) {
    webhook(id: $id) { id active disabledReason deliveries(first: 100) { nodes { id status attemptCount } } }
  }
`);

export const Redeliver = graphql(`
  mutation Redeliver($deliveryId: ID!) {
    redeliver(deliveryId: $deliveryId) {
      __typename
      ... on RedeliverSuccess { delivery { id status } }
      ... on DeliveryInFlightError { deliveryId }
      ... on Error { code message }
    }
  }
`);

export const RecoverDeliveries = graphql(`
  mutation RecoverDeliveries($id: ID!, $since: DateTime!) {
    recoverWebhookDeliveries(id: $id, since: $since) {
      __typename
      ... on RecoverWebhookDeliveriesSuccess { recovered }
      ... on Error { code message }
    }
  }
`);
