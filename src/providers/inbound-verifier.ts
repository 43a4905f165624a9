/**
 * The one contract of inbound verification: how each provider's deliveries to an inbound
 * source are authenticated and what they mean. One implementation sits beside each adapter
 * (`providers/<name>/inbound.ts`); the HTTP route, storage and fan-out (src/inbound/) are the
 * same for all of them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundProvider } from '../store/store.ts';

/** A provider's request to an inbound source, before anything of it was parsed. */
export interface InboundRequest {
  /** The body exactly as received. */
  rawBody: Buffer;
  /** A header's value (names are case-insensitive); null when absent. */
  header(name: string): string | null;
  /** The query string of the request URL. */
  query: URLSearchParams;
  now: Date;
}

/** What a verified payload says, in the provider's own terms. */
export interface ProviderEventFacts {
  /** The provider's own event name. */
  type: string;
  occurredAt: Date | null;
  /** The business object of the payload (Bolt/Shippo `data`, UP42 `body`, BLAZE the whole body). */
  data: unknown;
  /** The provider's id of this event, when its payload has one: a retry carries the same. */
  eventId: string | null;
}

export interface InboundVerifier {
  readonly provider: InboundProvider;
  /** Why sources of this provider cannot be verified on this gateway (a missing secret); null when they can. */
  readonly unavailableReason: string | null;
  /** A new source's own secret (Shippo's URL token, UP42's signing secret), or null when the provider needs none. */
  newSourceSecret(): string | null;
  /** The URL the provider must post to, for a source whose path URL is `url`. */
  targetUrl(url: string, secret: string | null): string;
  /**
   * The secret the provider-side webhook must be created with (UP42), or null. Returned once to a
   * user who registers the webhook at the provider themselves.
   */
  upstreamSecret(secret: string | null): string | null;
  /** Whether the request is authentic. Must run in time independent of how close a forgery came. */
  verify(request: InboundRequest, secret: string | null): boolean;
  /** Reads a verified payload; `events` are the source's subscribed types. */
  describe(payload: unknown, events: readonly string[]): ProviderEventFacts;
}

/** Compares two strings in time that depends only on their lengths. */
export function safeEqual(actual: string, expected: string): boolean {
  const a = createHash('sha256').update(actual).digest();
  const b = createHash('sha256').update(expected).digest();
  // Hashing first makes the lengths equal, so timingSafeEqual never throws or leaks the length.
  return timingSafeEqual(a, b);
}

/**
 * Compares a given MAC with the expected one in time that depends only on their lengths, which
 * are public (an HMAC-SHA256 is 32 bytes): cheaper than safeEqual's two hashes, for the MAC
 * checked on every delivery.
 */
export function safeEqualBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `value` when it is a non-empty string; null otherwise. */
export function stringField(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A field of a JSON object, or undefined. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

/** An ISO date or epoch (seconds or milliseconds) as a Date; null when it is neither. */
export function dateField(value: unknown): Date | null {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value < 1e11 ? value * 1000 : value);
  return null;
}
