/**
 * The store layer's reading of real backend failures: a refused connection and a session the
 * server terminated are STORE_UNAVAILABLE, waited for at start (saying so) and rethrown when the
 * wait is over; a terminated session inside a transaction does not crash the process.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { StoreUnavailableError } from '../src/errors.ts';
import { createLogger } from '../src/observability/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { classifyPostgresError } from '../src/store/postgres/postgres-faults.ts';
import { POSTGRES_UNAVAILABLE, POSTGRES_URL, createPostgresSchema, standInIfUnavailable } from './support/store-backends.ts';
import { tempDataDir } from './support/gateway.ts';
import { freePort } from './support/free-port.ts';
import { waitFor } from './support/wait-for.ts';

function capturedLogger() {
  const lines: { msg: string; cause?: string }[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) } });
  return { logger, lines };
}


describe('store faults', () => {
  it('waits at start for a database that refuses connections, saying so, and gives up after the wait', async () => {
    const data = tempDataDir();
    try {
      const url = `postgres://postgres@127.0.0.1:${await freePort()}/x`;
      const config = loadConfig({ DATABASE_URL: url, HOOKGATE_SECRET_KEY: Buffer.alloc(32).toString('base64'), DATA_DIR: data.dir });
      const { logger, lines } = capturedLogger();
      const error = await openStore(config, { logger, startupWaitMs: 1_000 }).catch((e: unknown) => e);
      expect(classifyPostgresError(error)).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/^ECONNREFUSED/) });
      const waits = lines.filter((line) => line.msg.startsWith('Waiting for the store: PostgreSQL at 127.0.0.1:'));
      expect(waits.length).toBeGreaterThanOrEqual(2);
      expect(waits[0]?.cause).toMatch(/^ECONNREFUSED/);
    } finally {
      data.remove();
    }
  });

  describe('on PostgreSQL', () => {
    if (standInIfUnavailable(POSTGRES_UNAVAILABLE)) return;

    it('turns a session terminated inside a transaction into STORE_UNAVAILABLE, logs why, and keeps serving', async () => {
      const schema = await createPostgresSchema();
      const data = tempDataDir();
      // Our own connections only: the server is shared with other test runs.
      const applicationName = `hookgate_fault_${randomBytes(4).toString('hex')}`;
      const { logger, lines } = capturedLogger();
      const store = await openStore(
        loadConfig({
          DATABASE_URL: `${POSTGRES_URL}?application_name=${applicationName}`,
          DATABASE_SCHEMA: schema.name,
          HOOKGATE_SECRET_KEY: Buffer.alloc(32).toString('base64'),
          DATA_DIR: data.dir,
        }),
        { logger },
      );
      const admin = new Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      try {
        // The publish's transaction (a connection checked out of the pool) waits on this lock...
        await admin.query('BEGIN');
        await admin.query(`LOCK TABLE "${schema.name}".events IN ACCESS EXCLUSIVE MODE`);
        const now = new Date();
        const publishing = store.publishEvent({
          event: { id: 'evt_1', tenant: 't', eventType: 'x', payload: {}, idempotencyKey: null, createdAt: now },
          idempotentSince: now,
          newDeliveryId: () => 'dlv_1',
        });
        const waiting = async () =>
          (
            await admin.query<{ n: number }>(
              "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
              [applicationName],
            )
          ).rows[0]?.n === 1;
        await waitFor(waiting, 10_000);
        // Expected before the session ends: it may reject while the ROLLBACK below is still on its way.
        const refused = expect(publishing).rejects.toBeInstanceOf(StoreUnavailableError);
        // ...when the server ends its session (57P01), as a restart does.
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        await admin.query('ROLLBACK');

        await refused;
        expect(lines.some((line) => line.msg.startsWith('The database is unavailable') && /57P01/.test(line.cause ?? ''))).toBe(true);
        // The pool replaces the dead connections: the store serves again.
        await waitFor(() => store.listEventTypes('t').then(() => true, () => false), 10_000);
        await expect(store.ping()).resolves.toBeUndefined();
      } finally {
        await admin.end();
        await store.close();
        await schema.drop();
        data.remove();
      }
    });
  });
});
