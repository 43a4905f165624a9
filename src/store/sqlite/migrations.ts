/** Append only: a released migration is never edited; a change is a new version. */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'endpoints and event types',
    sql: `
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        name TEXT,
        events TEXT NOT NULL,
        active INTEGER NOT NULL,
        is_test INTEGER NOT NULL,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX endpoints_newest_first ON endpoints (created_at DESC, id DESC);

      CREATE TABLE endpoint_events (
        endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
        event_type TEXT NOT NULL,
        PRIMARY KEY (event_type, endpoint_id)
      ) STRICT;

      CREATE TABLE event_types (
        name TEXT PRIMARY KEY,
        title TEXT,
        description TEXT,
        category TEXT,
        schema TEXT,
        example TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];
