/**
 * Domain errors. Each maps to a GraphQL object type implementing the `Error` interface
 * (see src/schema/errors.ts); mutations return them as members of their result union, and
 * queries surface them as GraphQL errors carrying the same `code` in `extensions`.
 */
import { PROVIDER_CREDENTIALS, type ProviderName } from './providers/provider-name.ts';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_OPERATION'
  | 'PROVIDER_NOT_CONFIGURED'
  | 'UPSTREAM_ERROR'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'LIMIT_EXCEEDED'
  | 'STORE_UNAVAILABLE'
  | 'STORAGE_FULL'
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

  /**
   * `otherTenant`: the gateway has the provider's credentials, but they belong to another
   * tenant (HOOKGATE_UPSTREAM_TENANT) than the caller's.
   */
  constructor(provider: ProviderName, otherTenant = false) {
    super(
      otherTenant
        ? `Provider ${provider} is configured on this gateway for another tenant only (HOOKGATE_UPSTREAM_TENANT): use an API key of that tenant, or ask the operator to make it yours`
        : `Provider ${provider} is not configured on this gateway: its operator must set ${PROVIDER_CREDENTIALS[provider]} and restart it`,
    );
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

/** Too much in too short a time; the same call may succeed after `retryAfterSeconds`. */
export class RateLimitedError extends HookgateError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;

  /** `what` says what ran out, e.g. "Test sends per minute (60) are used up". */
  constructor(what: string, retryAfterMs: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(`${what}: retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The tenant has as many of `resource` as the gateway allows; delete some to make room. */
export class LimitExceededError extends HookgateError {
  readonly code = 'LIMIT_EXCEEDED';
  /** What is counted, e.g. "endpoints". */
  readonly resource: string;
  readonly limit: number;

  constructor(resource: string, limit: number) {
    super(`A tenant may have at most ${limit} ${resource}; delete some first`);
    this.name = 'LimitExceededError';
    this.resource = resource;
    this.limit = limit;
  }
}

/**
 * The store failed for a reason of its own, not the request's: the same call may succeed when
 * tried again later. The backend's error is the `cause`; it is logged, never shown to clients.
 */
export abstract class StoreFaultError extends HookgateError {
  readonly retryable = true;
}

/** The database cannot be reached or is restarting (connection refused or cut, timeouts). */
export class StoreUnavailableError extends StoreFaultError {
  readonly code = 'STORE_UNAVAILABLE';

  constructor(options?: { cause?: unknown }) {
    super('The database is unavailable right now; try again shortly', options);
    this.name = 'StoreUnavailableError';
  }
}

/** The disk under the store is full: writes fail until space is freed; reads still work. */
export class StorageFullError extends StoreFaultError {
  readonly code = 'STORAGE_FULL';

  constructor(options?: { cause?: unknown }) {
    super('The storage is full, so nothing could be written; try again once space is freed', options);
    this.name = 'StorageFullError';
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
