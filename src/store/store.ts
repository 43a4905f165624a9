/**
 * What the gateway keeps: LOCAL endpoints and the LOCAL event-type catalogue. One interface,
 * implemented by the embedded SQLite store (default) and, at scale, by PostgreSQL.
 * Methods are whole units of work, so each implementation can make them atomic.
 */

export interface EndpointRecord {
  id: string;
  url: string;
  name: string | null;
  /** Event-type names, or `["*"]` for every type. */
  events: string[];
  active: boolean;
  isTest: boolean;
  secret: string;
  /** The secret being rotated out; it keeps signing until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type EndpointPatch = Partial<
  Pick<EndpointRecord, 'url' | 'name' | 'events' | 'active' | 'isTest' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>
>;

export interface EventTypeRecord {
  name: string;
  title: string | null;
  description: string | null;
  category: string | null;
  schema: unknown;
  example: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export type EventTypePatch = Partial<Pick<EventTypeRecord, 'title' | 'description' | 'category' | 'schema' | 'example'>>;

/** Keyset position in the newest-first listing of endpoints. */
export interface EndpointPosition {
  createdAt: Date;
  id: string;
}

export interface Store {
  insertEndpoint(endpoint: EndpointRecord): Promise<void>;
  /** Applies the patch and returns the new record, or null when there is no such endpoint. */
  updateEndpoint(id: string, patch: EndpointPatch, now: Date): Promise<EndpointRecord | null>;
  deleteEndpoint(id: string): Promise<boolean>;
  getEndpoints(ids: readonly string[]): Promise<EndpointRecord[]>;
  /** Newest first, strictly after `after`. */
  listEndpoints(request: { first: number; after: EndpointPosition | null }): Promise<EndpointRecord[]>;
  /** Endpoints that name this event type explicitly (not through `*`). */
  countEndpointsSubscribedTo(eventType: string): Promise<number>;

  /** Returns false when a type of that name exists already. */
  insertEventType(eventType: EventTypeRecord): Promise<boolean>;
  updateEventType(name: string, patch: EventTypePatch, now: Date): Promise<EventTypeRecord | null>;
  deleteEventType(name: string): Promise<boolean>;
  listEventTypes(): Promise<EventTypeRecord[]>;

  /** Throws when the store cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
