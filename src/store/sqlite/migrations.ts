/** Append only once released: a released migration is never edited; a change is a new version. */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'endpoints and event types',
    sql: `
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        url TEXT NOT NULL,
        name TEXT,
        events TEXT NOT NULL,
        active INTEGER NOT NULL,
        is_test INTEGER NOT NULL,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_expires_at INTEGER,
        disabled_reason TEXT,
        failing_since INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX endpoints_newest_first ON endpoints (tenant, created_at DESC, id DESC);

      CREATE TABLE endpoint_events (
        endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        event_type TEXT NOT NULL,
        PRIMARY KEY (event_type, endpoint_id)
      ) STRICT;

      CREATE TABLE event_types (
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        title TEXT,
        description TEXT,
        category TEXT,
        schema TEXT,
        example TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant, name)
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'events, deliveries and attempts',
    sql: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        idempotency_key TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX events_idempotency_key ON events (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events (id),
        endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        attempt_count INTEGER NOT NULL,
        series_attempts INTEGER NOT NULL,
        next_attempt_at INTEGER,
        lease_until INTEGER,
        last_status_code INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        delivered_at INTEGER
      ) STRICT;
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
      CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at DESC, id DESC);
      CREATE INDEX deliveries_newest_first ON deliveries (tenant, created_at DESC, id DESC);
      CREATE INDEX deliveries_by_event ON deliveries (event_id);

      CREATE TABLE delivery_attempts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt_number INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        status_code INTEGER,
        duration_ms REAL NOT NULL,
        error TEXT,
        response_body TEXT,
        started_at INTEGER NOT NULL,
        delivery_status TEXT NOT NULL,
        next_attempt_at INTEGER,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempt_number);
    `,
  },
  {
    version: 3,
    name: 'API keys',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        name TEXT,
        scopes TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at DESC);
    `,
  },
  {
    version: 4,
    name: 'inbound sources and provider events',
    sql: `
      CREATE TABLE inbound_sources (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        provider TEXT NOT NULL,
        name TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        sealed_token TEXT NOT NULL,
        sealed_secret TEXT,
        events TEXT NOT NULL,
        scope TEXT,
        webhook TEXT,
        created_at INTEGER NOT NULL,
        received_count INTEGER NOT NULL DEFAULT 0,
        last_received_at INTEGER,
        rejected_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX inbound_sources_newest_first ON inbound_sources (tenant, created_at DESC, id DESC);

      CREATE TABLE provider_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL,
        source_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        type TEXT NOT NULL,
        occurred_at INTEGER,
        received_at INTEGER NOT NULL,
        dedupe_key TEXT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE UNIQUE INDEX provider_events_dedupe ON provider_events (source_id, dedupe_key);
      CREATE INDEX provider_events_by_tenant ON provider_events (tenant, seq);
      CREATE INDEX provider_events_by_source ON provider_events (source_id, seq);
    `,
  },
  {
    version: 5,
    name: 'the store identity',
    sql: `
      -- A random id, made once per store: see the PostgreSQL migration of the same name.
      CREATE TABLE store_identity (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        id TEXT NOT NULL
      );
      INSERT INTO store_identity (only_row, id) VALUES (1, lower(hex(randomblob(16))));
    `,
  },
  {
    version: 6,
    name: 'provider event keys written behind',
    sql: `
      -- Dedupe keys move out of a unique index on provider_events into a table of their digests,
      -- written in sorted batches (see provider-event-keys.ts, which defines the digest function);
      -- through_seq: every event up to it has its key there.
      CREATE TABLE provider_event_keys (
        digest BLOB PRIMARY KEY,
        seq INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO provider_event_keys (digest, seq)
        SELECT hookgate_event_key_digest(source_id, dedupe_key), seq FROM provider_events;
      CREATE TABLE provider_event_keys_written (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        through_seq INTEGER NOT NULL
      );
      INSERT INTO provider_event_keys_written (only_row, through_seq) SELECT 1, coalesce(max(seq), 0) FROM provider_events;
      DROP INDEX provider_events_dedupe;
    `,
  },
];
