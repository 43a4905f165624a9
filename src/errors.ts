/**
 * Domain errors. Each maps to a GraphQL object type implementing the `Error` interface
 * (see src/schema/errors.ts); mutations return them as members of their result union, and
 * queries surface them as GraphQL errors carrying the same `code` in `extensions`.
 */
import type { ProviderName } from './providers/provider-name.ts';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_OPERATION'
  | 'PROVIDER_NOT_CONFIGURED'
  | 'UPSTREAM_ERROR'
  | 'FORBIDDEN'
  | 'DELIVERY_IN_FLIGHT';

export abstract class HookgateError extends Error {
  abstract readonly code: ErrorCode;
}

export interface FieldError {
  /** Where the bad value sits in the operation's arguments, e.g. `["input", "events", 2]`. */
  path: (string | number)[];
  message: string;
}

export class ValidationError extends HookgateError {
  readonly code = 'VALIDATION_FAILED';
  readonly fieldErrors: FieldError[];

  constructor(fieldErrors: FieldError[]) {
    super(
      fieldErrors.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`).join('; ') || 'Invalid input',
    );
    this.name = 'ValidationError';
    this.fieldErrors = fieldErrors;
  }

  static field(path: (string | number)[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends HookgateError {
  readonly code = 'NOT_FOUND';
  readonly resource: string;
  readonly id: string;

  constructor(resource: string, id: string) {
    super(`${resource} ${id} was not found`);
    this.name = 'NotFoundError';
    this.resource = resource;
    this.id = id;
  }
}

export class UnsupportedOperationError extends HookgateError {
  readonly code = 'UNSUPPORTED_OPERATION';
  readonly provider: ProviderName;
  readonly operation: string;

  constructor(provider: ProviderName, operation: string, detail?: string) {
    super(`${provider} does not support ${operation}${detail ? `: ${detail}` : ''}`);
    this.name = 'UnsupportedOperationError';
    this.provider = provider;
    this.operation = operation;
  }
}

export class ProviderNotConfiguredError extends HookgateError {
  readonly code = 'PROVIDER_NOT_CONFIGURED';
  readonly provider: ProviderName;

  constructor(provider: ProviderName) {
    super(`Provider ${provider} is not configured on this gateway`);
    this.name = 'ProviderNotConfiguredError';
    this.provider = provider;
  }
}

export class UpstreamError extends HookgateError {
  readonly code = 'UPSTREAM_ERROR';
  readonly provider: ProviderName;
  /** The upstream HTTP status, or null when no response arrived (timeout, reset, open circuit). */
  readonly status: number | null;
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;

  constructor(provider: ProviderName, message: string, status: number | null, retryable: boolean) {
    super(message);
    this.name = 'UpstreamError';
    this.provider = provider;
    this.status = status;
    this.retryable = retryable;
  }
}

/** The API key is valid but lacks the scope the operation needs. */
export class ForbiddenError extends HookgateError {
  readonly code = 'FORBIDDEN';
  readonly requiredScope: string;

  constructor(requiredScope: string) {
    super(`This API key lacks the scope ${requiredScope}`);
    this.name = 'ForbiddenError';
    this.requiredScope = requiredScope;
  }
}

/** A redelivery was asked for a delivery that is still PENDING: queued, or being attempted. */
export class DeliveryInFlightError extends HookgateError {
  readonly code = 'DELIVERY_IN_FLIGHT';
  readonly deliveryId: string;

  constructor(deliveryId: string) {
    super(`Delivery ${deliveryId} is still PENDING (queued or being attempted); redeliver it once it has SUCCEEDED or FAILED`);
    this.name = 'DeliveryInFlightError';
    this.deliveryId = deliveryId;
  }
}
