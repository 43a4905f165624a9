/**
 * Append only: a released migration is never edited; a change is a new version. (v1 has not
 * been released yet, so it is still edited in place: a database migrated with an earlier draft
 * of it must be dropped and migrated again.)
 *
 * Times are `timestamptz(3)`: a native type that psql shows readably and SQL can compute
 * with, returned by node-postgres as a Date, and rounded to the millisecond so that every
 * value round-trips exactly through a JS Date and the millisecond keyset cursors.
 * Ids, tenants and event-type names are `COLLATE "C"` so that ordering and the `(created_at, id) <`
 * keyset comparisons are bytewise, as in SQLite, whatever the database's collation.
 *
 * Tenancy: every LOCAL row carries its `tenant`, copied from its parent row by the store when
 * it is written (a delivery's from its event and endpoint, a subscription's from its endpoint),
 * so that each tenant-scoped query filters and orders on one table through one index. Ids are
 * generated globally unique, so they stay single-column primary keys: the worker, which is not
 * tenant-scoped, reads by id alone.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'endpoints, event types, events, deliveries, attempts and API keys, per tenant',
    sql: `
      CREATE TABLE endpoints (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL,
        url text NOT NULL,
        name text,
        events jsonb NOT NULL,
        active boolean NOT NULL,
        is_test boolean NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz(3),
        disabled_reason text,
        failing_since timestamptz(3),
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL
      );
      CREATE INDEX endpoints_newest_first ON endpoints (tenant, created_at DESC, id DESC);

      -- One row per event type an endpoint names ('*' included): the fan-out and the count of
      -- subscribers of a type read (tenant, event_type) through the primary key.
      CREATE TABLE endpoint_events (
        tenant text COLLATE "C" NOT NULL,
        endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        event_type text COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant, event_type, endpoint_id)
      );
      CREATE INDEX endpoint_events_by_endpoint ON endpoint_events (endpoint_id);

      CREATE TABLE event_types (
        tenant text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        title text,
        description text,
        category text,
        schema jsonb,
        example jsonb,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        PRIMARY KEY (tenant, name)
      );

      CREATE TABLE events (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL,
        event_type text COLLATE "C" NOT NULL,
        payload json NOT NULL,
        idempotency_key text,
        created_at timestamptz(3) NOT NULL
      );
      CREATE UNIQUE INDEX events_idempotency_key ON events (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

      CREATE TABLE deliveries (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL REFERENCES events (id),
        endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        attempt_count integer NOT NULL,
        series_attempts integer NOT NULL,
        next_attempt_at timestamptz(3),
        lease_until timestamptz(3),
        last_status_code integer,
        last_error text,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        delivered_at timestamptz(3)
      );
      -- The worker's queue is global: these two are not per tenant.
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
      CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE lease_until IS NOT NULL;
      -- An endpoint belongs to one tenant, so its deliveries need no tenant in the key.
      CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at DESC, id DESC);
      CREATE INDEX deliveries_by_status ON deliveries (tenant, status, created_at DESC, id DESC);
      CREATE INDEX deliveries_newest_first ON deliveries (tenant, created_at DESC, id DESC);
      CREATE INDEX deliveries_by_event ON deliveries (event_id);

      -- seq numbers attempts store-wide, in the order they were recorded: the resume cursor of
      -- the deliveryEvents subscription. Identity values are handed out at insert, not at
      -- commit: a transaction can commit a lower seq after a higher one is already visible, so
      -- a subscriber resuming from that higher seq misses the attempt recorded in that instant.
      -- Acceptable: the window is one transaction long, and resuming is best effort.
      -- delivery_status and next_attempt_at are the delivery's right after this attempt.
      CREATE TABLE delivery_attempts (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant text COLLATE "C" NOT NULL,
        delivery_id text COLLATE "C" NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt_number integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
        status_code integer,
        duration_ms double precision NOT NULL,
        error text,
        response_body text,
        started_at timestamptz(3) NOT NULL,
        delivery_status text NOT NULL CHECK (delivery_status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        next_attempt_at timestamptz(3),
        recorded_at timestamptz(3) NOT NULL
      );
      CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempt_number);
      CREATE UNIQUE INDEX delivery_attempts_by_seq ON delivery_attempts (seq);
      CREATE INDEX delivery_attempts_by_tenant ON delivery_attempts (tenant, seq);

      -- Not tenant-scoped: a key is looked up by its id before its tenant is known.
      CREATE TABLE api_keys (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL,
        name text,
        scopes jsonb NOT NULL,
        hash text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3)
      );
      CREATE INDEX api_keys_newest_first ON api_keys (created_at DESC, id DESC);
      CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at DESC, id DESC);
    `,
  },
  {
    version: 2,
    name: 'inbound sources and provider events',
    sql: `
      CREATE TABLE inbound_sources (
        id text COLLATE "C" PRIMARY KEY,
        tenant text COLLATE "C" NOT NULL,
        provider text NOT NULL CHECK (provider IN ('BOLT', 'SHIPPO', 'BLAZE', 'UP42')),
        name text,
        token_hash text COLLATE "C" NOT NULL UNIQUE,
        sealed_token text NOT NULL,
        sealed_secret text,
        events jsonb NOT NULL,
        scope jsonb,
        webhook jsonb,
        created_at timestamptz(3) NOT NULL,
        received_count bigint NOT NULL DEFAULT 0,
        last_received_at timestamptz(3),
        rejected_count bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX inbound_sources_newest_first ON inbound_sources (tenant, created_at DESC, id DESC);

      -- seq: as delivery_attempts.seq, the listing keyset and the subscription's resume cursor
      -- (with the same caveat on commit order). Events outlive their source: no foreign key.
      -- payload is text: the raw body exactly as it was verified.
      CREATE TABLE provider_events (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant text COLLATE "C" NOT NULL,
        source_id text COLLATE "C" NOT NULL,
        provider text NOT NULL,
        type text COLLATE "C" NOT NULL,
        occurred_at timestamptz(3),
        received_at timestamptz(3) NOT NULL,
        dedupe_key text COLLATE "C" NOT NULL,
        payload text NOT NULL
      );
      CREATE UNIQUE INDEX provider_events_by_seq ON provider_events (seq);
      CREATE UNIQUE INDEX provider_events_dedupe ON provider_events (source_id, dedupe_key);
      CREATE INDEX provider_events_by_tenant ON provider_events (tenant, seq);
      CREATE INDEX provider_events_by_source ON provider_events (source_id, seq);
    `,
  },
  {
    version: 3,
    name: 'claimable deliveries indexed without those in flight',
    sql: `
      -- The claim's index: due order over the pending deliveries no instance holds. Leased rows
      -- leave it, so a claim no longer steps over every delivery in flight at the head of the
      -- queue (deliveries_due) to reach the ones it may take.
      CREATE INDEX deliveries_claimable ON deliveries (next_attempt_at) WHERE status = 'PENDING' AND lease_until IS NULL;
    `,
  },
  {
    version: 4,
    name: 'the store identity',
    sql: `
      -- A random id, made once per store: instances that share the store share it, another store
      -- never has it. It namespaces what the store's instances share beyond it (Redis channels).
      CREATE TABLE store_identity (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        id text NOT NULL
      );
      INSERT INTO store_identity (id) VALUES (replace(gen_random_uuid()::text, '-', ''));
    `,
  },
];
