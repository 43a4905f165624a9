import {
  DeliveryInFlightError,
  type FieldError,
  ForbiddenError,
  HookgateError,
  LimitExceededError,
  NotFoundError,
  ProviderNotConfiguredError,
  RateLimitedError,
  StorageFullError,
  StoreUnavailableError,
  UnsupportedOperationError,
  UpstreamError,
  ValidationError,
} from '../errors.ts';
import { builder } from './builder.ts';
import { ProviderEnum } from './provider.ts';

export const ErrorInterface = builder.interfaceRef<HookgateError>('Error').implement({
  description: 'Every expected failure of a mutation implements this.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs; stable across versions.' }),
  }),
});

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'One rejected value of the input.',
  fields: (t) => ({
    path: t.stringList({
      description: 'Where the value sits in the arguments, e.g. ["input", "events", "2"].',
      resolve: (error) => error.path.map(String),
    }),
    message: t.exposeString('message', { description: 'Why the value was rejected.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; `fieldErrors` says which values and why. Nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], description: 'Every rejected value.', resolve: (error) => error.fieldErrors }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'Nothing with this id exists for your tenant.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resource: t.exposeString('resource', { description: 'What was looked for, e.g. "Webhook".' }),
    id: t.exposeString('id', { description: 'The id that was not found.' }),
  }),
});

builder.objectType(UnsupportedOperationError, {
  name: 'UnsupportedOperationError',
  description: 'The provider has no such operation (see `ProviderInfo.capabilities`).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider asked.', resolve: (error) => error.provider }),
    operation: t.exposeString('operation', { description: 'The operation it lacks, e.g. "update".' }),
  }),
});

builder.objectType(ProviderNotConfiguredError, {
  name: 'ProviderNotConfiguredError',
  description: 'The gateway has no credentials for this provider.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider this key cannot use.', resolve: (error) => error.provider }),
  }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'The provider failed or refused the call.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider that failed.', resolve: (error) => error.provider }),
    status: t.exposeInt('status', { nullable: true, description: 'The upstream HTTP status, if one arrived.' }),
    retryable: t.exposeBoolean('retryable', { description: 'Whether trying again later may succeed.' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The API key is valid but lacks the scope this operation needs.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ requiredScope: t.exposeString('requiredScope', { description: 'The scope the key would need, e.g. "webhooks:write".' }) }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'Too many of these calls in too short a time; nothing was done. Try again after `retryAfterSeconds`.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { description: 'Seconds until the same call may succeed.' }),
  }),
});

builder.objectType(LimitExceededError, {
  name: 'LimitExceededError',
  description: 'The tenant has as many of these as the gateway allows; nothing was created. Delete some first.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resource: t.exposeString('resource', { description: 'What is counted: "endpoints" or "event types".' }),
    limit: t.exposeInt('limit', { description: 'How many the tenant may have.' }),
  }),
});

builder.objectType(StoreUnavailableError, {
  name: 'StoreUnavailableError',
  description: 'The database could not be reached (restarting, connections cut). The operation may not have been applied: retry it.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryable: t.exposeBoolean('retryable', { description: 'Always true: trying again later may succeed.' }) }),
});

builder.objectType(StorageFullError, {
  name: 'StorageFullError',
  description: 'The storage is full, so nothing was written. Retry once space has been freed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryable: t.exposeBoolean('retryable', { description: 'Always true: trying again later may succeed.' }) }),
});

builder.objectType(DeliveryInFlightError, {
  name: 'DeliveryInFlightError',
  description:
    'The delivery is still PENDING: queued, or being attempted right now. Nothing was changed; a delivery is never attempted twice at once.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ deliveryId: t.exposeID('deliveryId', { description: 'The delivery that is still PENDING.' }) }),
});
