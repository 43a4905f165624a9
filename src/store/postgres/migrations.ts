/**
 * Append only: a released migration is never edited; a change is a new version.
 *
 * Times are `timestamptz(3)`: a native type that psql shows readably and SQL can compute
 * with, returned by node-postgres as a Date, and rounded to the millisecond so that every
 * value round-trips exactly through a JS Date and the millisecond keyset cursors.
 * Ids and event-type names are `COLLATE "C"` so that ordering and the `(created_at, id) <`
 * keyset comparisons are bytewise, as in SQLite, whatever the database's collation.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'endpoints, event types, events, deliveries and attempts',
    sql: `
      CREATE TABLE endpoints (
        id text COLLATE "C" PRIMARY KEY,
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
      CREATE INDEX endpoints_newest_first ON endpoints (created_at DESC, id DESC);

      CREATE TABLE endpoint_events (
        endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        event_type text COLLATE "C" NOT NULL,
        PRIMARY KEY (event_type, endpoint_id)
      );
      CREATE INDEX endpoint_events_by_endpoint ON endpoint_events (endpoint_id);

      CREATE TABLE event_types (
        name text COLLATE "C" PRIMARY KEY,
        title text,
        description text,
        category text,
        schema jsonb,
        example jsonb,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL
      );

      CREATE TABLE events (
        id text COLLATE "C" PRIMARY KEY,
        event_type text COLLATE "C" NOT NULL,
        payload json NOT NULL,
        idempotency_key text,
        created_at timestamptz(3) NOT NULL
      );
      CREATE UNIQUE INDEX events_idempotency_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;

      CREATE TABLE deliveries (
        id text COLLATE "C" PRIMARY KEY,
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
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
      CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE lease_until IS NOT NULL;
      CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at DESC, id DESC);
      CREATE INDEX deliveries_by_status ON deliveries (status, created_at DESC, id DESC);
      CREATE INDEX deliveries_newest_first ON deliveries (created_at DESC, id DESC);
      CREATE INDEX deliveries_by_event ON deliveries (event_id);

      CREATE TABLE delivery_attempts (
        id text COLLATE "C" PRIMARY KEY,
        delivery_id text COLLATE "C" NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt_number integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
        status_code integer,
        duration_ms double precision NOT NULL,
        error text,
        response_body text,
        started_at timestamptz(3) NOT NULL
      );
      CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempt_number);
    `,
  },
];
