/**
 * `hookgate/client`: typed documents for every operation of the API, a small client for them
 * (HTTP, graphql-ws, graphql-sse) and a receiver for the webhooks Hookgate sends.
 */
export * from './documents.ts';
export type * from './gql/graphql.ts';
export { createHookgateClient, HookgateRequestError, type HookgateClient, type HookgateClientOptions, type SubscriptionTransport } from './hookgate-client.ts';
export { verifyWebhook, webhookReceiver, type ReceivedWebhook, type ReceiverOptions } from './webhook-receiver.ts';
