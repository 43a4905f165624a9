import {
  DeliveryInFlightError,
  type FieldError,
  ForbiddenError,
  HookgateError,
  NotFoundError,
  ProviderNotConfiguredError,
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
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; `fieldErrors` says which values and why. Nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ resource: t.exposeString('resource'), id: t.exposeString('id') }),
});

builder.objectType(UnsupportedOperationError, {
  name: 'UnsupportedOperationError',
  description: 'The provider has no such operation (see `ProviderInfo.capabilities`).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (error) => error.provider }),
    operation: t.exposeString('operation'),
  }),
});

builder.objectType(ProviderNotConfiguredError, {
  name: 'ProviderNotConfiguredError',
  description: 'The gateway has no credentials for this provider.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ provider: t.field({ type: ProviderEnum, resolve: (error) => error.provider }) }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'The provider failed or refused the call.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (error) => error.provider }),
    status: t.exposeInt('status', { nullable: true, description: 'The upstream HTTP status, if one arrived.' }),
    retryable: t.exposeBoolean('retryable', { description: 'Whether trying again later may succeed.' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The API key is valid but lacks the scope this operation needs.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ requiredScope: t.exposeString('requiredScope') }),
});

builder.objectType(DeliveryInFlightError, {
  name: 'DeliveryInFlightError',
  description:
    'The delivery is still PENDING: queued, or being attempted right now. Nothing was changed; a delivery is never attempted twice at once.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ deliveryId: t.exposeID('deliveryId', { description: 'The delivery that is still PENDING.' }) }),
});
