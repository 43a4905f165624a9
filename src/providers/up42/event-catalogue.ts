/**
 * UP42's event catalogue (`GET /webhooks/events`), fetched once and kept for a while: it
 * changes rarely, and every create, update and `eventTypes` field needs it. Concurrent
 * callers share one fetch; when a refresh fails, the previous copy keeps serving.
 */
import { ValidationError } from '../../errors.ts';
import type { EventType } from '../contract.ts';
import { eventSample } from './event-samples.ts';
import type { Up42Event } from './wire.ts';

export const ALL_EVENTS = '*';
export const DEFAULT_CATALOGUE_TTL_MS = 10 * 60_000;

export interface EventCatalogueOptions {
  fetch: () => Promise<Up42Event[]>;
  /** How long a fetched catalogue is used before it is fetched again. Default 10 minutes. */
  ttlMs?: number;
  now?: () => number;
}

export class EventCatalogue {
  readonly #fetch: () => Promise<Up42Event[]>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #cached: { types: EventType[]; fetchedAt: number } | null = null;
  #pending: Promise<EventType[]> | null = null;

  constructor(options: EventCatalogueOptions) {
    this.#fetch = options.fetch;
    this.#ttlMs = options.ttlMs ?? DEFAULT_CATALOGUE_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  async get(): Promise<EventType[]> {
    if (this.#cached && this.#now() - this.#cached.fetchedAt < this.#ttlMs) return this.#cached.types;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /**
   * Checks event names against the catalogue and returns them as UP42 wants them: UP42 has
   * no wildcard, so `["*"]` becomes every event it lists today (later additions are not
   * subscribed automatically).
   */
  async resolve(events: readonly string[], path: (string | number)[]): Promise<string[]> {
    const catalogue = await this.get();
    const known = catalogue.map((type) => type.name);
    if (events.includes(ALL_EVENTS)) {
      if (events.length > 1) throw ValidationError.field(path, '"*" already means every event type; list nothing else');
      return known;
    }
    const unknown = events.flatMap((event, index) =>
      known.includes(event)
        ? []
        : [{ path: [...path, index], message: `"${event}" is not a UP42 event (known: ${known.join(', ')})` }],
    );
    if (unknown.length > 0) throw new ValidationError(unknown);
    return [...events];
  }

  async #refresh(): Promise<EventType[]> {
    try {
      const types = (await this.#fetch()).map(toEventType);
      this.#cached = { types, fetchedAt: this.#now() };
      return types;
    } catch (error) {
      if (this.#cached) return this.#cached.types;
      throw error;
    }
  }
}

function toEventType(event: Up42Event): EventType {
  const sample = eventSample(event.name);
  return {
    provider: 'UP42',
    name: event.name,
    title: event.title ?? null,
    description: event.description ?? null,
    category: event.category ?? null,
    schema: sample?.schema ?? null,
    example: sample?.example ?? null,
  };
}
