/**
 * PostgreSQL stopping, restarting and cutting connections under two gateway processes on
 * PostgreSQL + Redis, at load, on a server of the test's own (never the machine's shared one).
 * Both processes stay up; calls during the outage fail fast with a typed, retryable
 * STORE_UNAVAILABLE; /readyz says 503 meanwhile and 200 after; the workers pause and resume by
 * themselves; every acknowledged event is delivered. Started while the database is down, the
 * gateway waits for it (saying so) and then serves.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildGateway, spawnGateway } from './support/child-gateway.ts';
import { LOOPBACK_ALLOWLIST, tempDataDir } from './support/gateway.ts';
import { OWN_POSTGRES_UNAVAILABLE, createOwnPostgres } from './support/own-postgres.ts';
import { httpStatus, rawGraphql } from './support/raw-graphql.ts';
import { Receiver } from './support/receiver.ts';
import { REDIS_UNAVAILABLE, REDIS_URL } from './support/redis-backend.ts';
import { standInIfUnavailable } from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';

if (OWN_POSTGRES_UNAVAILABLE) console.warn(`Skipping the database outage test: ${OWN_POSTGRES_UNAVAILABLE}`);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PUBLISH = `mutation ($payload: JSON!) {
  publishEvent(input: { event: "order.created", payload: $payload }) {
    __typename
    ... on PublishEventSuccess { event { id } }
    ... on Error { code }
    ... on StoreUnavailableError { retryable }
  }
}`;

/** What the load saw: acknowledged events, typed failures, and anything else (which fails the test). */
class Load {
  readonly acknowledged: string[] = [];
  readonly unavailable: number[] = [];
  readonly unexpected: string[] = [];
  /** The slowest failed answer, in ms: failures must come fast, not after a hang. */
  slowestFailureMs = 0;
  #running = true;
  readonly #workers: Promise<void>[];

  constructor(origins: string[], perOrigin: number) {
    let n = 0;
    this.#workers = origins.flatMap((origin) =>
      Array.from({ length: perOrigin }, async () => {
        while (this.#running) await this.#publish(origin, n++);
      }),
    );
  }

  async #publish(origin: string, i: number): Promise<void> {
    const started = Date.now();
    try {
      const answer = await rawGraphql(origin, PUBLISH, { payload: { i } });
      const result = answer.data?.publishEvent as { __typename: string; event?: { id: string }; code?: string; retryable?: boolean } | undefined;
      if (result?.__typename === 'PublishEventSuccess' && result.event) {
        this.acknowledged.push(result.event.id);
        return;
      }
      const failed = Date.now() - started;
      this.slowestFailureMs = Math.max(this.slowestFailureMs, failed);
      if (result?.code === 'STORE_UNAVAILABLE' && result.retryable === true) this.unavailable.push(Date.now());
      else this.unexpected.push(JSON.stringify(answer));
    } catch (error) {
      this.unexpected.push(`no answer: ${(error as Error).message}`);
    }
    // A failed publish is retried by the next loop turn; keep the failing phase from spinning.
    if (Date.now() - started < 5) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#workers);
  }
}

/** Polls /readyz of each gateway and keeps every status seen. */
function watchReadiness(gateways: ChildGateway[]): { seen: Map<ChildGateway, number[]>; stop(): void } {
  const seen = new Map(gateways.map((gateway) => [gateway, [] as number[]]));
  const timer = setInterval(() => {
    for (const gateway of gateways) {
      httpStatus(gateway.origin, '/readyz').then(
        (status) => seen.get(gateway)?.push(status),
        () => seen.get(gateway)?.push(0),
      );
    }
  }, 100);
  return { seen, stop: () => clearInterval(timer) };
}

describe('PostgreSQL outages under two instances', () => {
  if (OWN_POSTGRES_UNAVAILABLE) {
    it.skip(`skipped: ${OWN_POSTGRES_UNAVAILABLE}`, () => {});
    return;
  }
  if (standInIfUnavailable(REDIS_UNAVAILABLE)) return;

  it('waits for the database at start, survives restarts and cut connections, and delivers every acknowledged event', async () => {
    const pg = await createOwnPostgres();
    cleanups.push(() => pg.destroy());
    const data = tempDataDir();
    cleanups.push(data.remove);
    const receiver = await Receiver.start({ delayMs: 2 });
    cleanups.push(() => receiver.close());

    const env = {
      DATA_DIR: data.dir,
      DATABASE_URL: pg.url,
      REDIS_URL,
      HOOKGATE_SECRET_KEY: randomBytes(32).toString('base64'),
      HOOKGATE_ALLOW_PRIVATE_NETWORKS: LOOPBACK_ALLOWLIST,
      HOOKGATE_RETRY_SCHEDULE: '0,200ms,200ms,200ms,1s,1s,1s',
      HOOKGATE_RATE_LIMIT_PER_MINUTE: '0',
      HOOKGATE_STORE_STARTUP_WAIT_MS: '120000',
    };

    // Started while the database is down: both wait, and say so, instead of exiting.
    const a = spawnGateway(env);
    const b = spawnGateway(env);
    for (const gateway of [a, b]) cleanups.push(() => void gateway.process.kill('SIGKILL'));
    await waitFor(() => [a, b].every((g) => /Waiting for the store: PostgreSQL at 127\.0\.0\.1:\d+ is unavailable \(ECONNREFUSED/.test(g.output())), 60_000);
    await pg.start();
    await Promise.all([a.ready, b.ready]);
    // A third instance with API keys on: looking up a key is the first thing a request needs.
    const keyedData = tempDataDir();
    cleanups.push(keyedData.remove);
    const keyed = spawnGateway({ ...env, HOOKGATE_AUTH: 'on', DATA_DIR: keyedData.dir });
    cleanups.push(() => void keyed.process.kill('SIGKILL'));
    await keyed.ready;

    await rawGraphql(a.origin, 'mutation { createWebhookEventType(input: { name: "order.created" }) { __typename } }');
    const created = await rawGraphql(
      b.origin,
      'mutation ($url: String!) { createWebhook(input: { provider: LOCAL, url: $url, events: ["*"] }) { __typename } }',
      { url: receiver.url() },
    );
    expect(created.data?.createWebhook.__typename).toBe('CreateWebhookSuccess');

    const readiness = watchReadiness([a, b]);
    cleanups.push(() => readiness.stop());
    const load = new Load([a.origin, b.origin], 3);
    cleanups.push(() => load.stop());
    const acknowledgedAtLeast = (n: number) => waitFor(() => load.acknowledged.length >= n, 60_000);
    await acknowledgedAtLeast(200);

    // A clean stop (every session ended with 57P01), then nothing listening.
    await pg.stop('fast');
    await waitFor(() => load.unavailable.length >= 10, 30_000);
    await waitFor(() => [a, b].every((g) => readiness.seen.get(g)?.includes(503)), 30_000);
    await waitFor(() => [a, b].every((g) => /delivery paused: the store failed \(STORE_UNAVAILABLE\)/.test(g.output())), 30_000);
    // Queries carry the same code in extensions.
    const query = await rawGraphql(a.origin, '{ deliveries(first: 1) { nodes { id } } }');
    expect(query.errors?.[0]?.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    // With API keys on, the key lookup fails first: the whole request answers 503, typed.
    const keyedAnswer = await rawGraphql(keyed.origin, '{ deliveries(first: 1) { nodes { id } } }', undefined, {
      authorization: `Bearer hg_${'0'.repeat(12)}_${'A'.repeat(43)}`, // well-formed, so it is looked up
    });
    expect(keyedAnswer.status).toBe(503);
    expect(keyedAnswer.errors?.[0]?.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    await pg.start();
    await waitFor(async () => (await Promise.all([a, b].map((g) => httpStatus(g.origin, '/readyz')))).every((s) => s === 200), 60_000, 100);
    await waitFor(() => [a, b].every((g) => /delivery resumed/.test(g.output())), 30_000);
    await acknowledgedAtLeast(load.acknowledged.length + 200);

    // A crash of the server, then connections cut one by one while it runs.
    const before = new Map([a, b].map((g) => [g, readiness.seen.get(g)?.length ?? 0]));
    await pg.stop('immediate');
    await waitFor(() => [a, b].every((g) => readiness.seen.get(g)?.slice(before.get(g)).includes(503)), 30_000);
    await pg.start();
    for (let round = 0; round < 3; round++) {
      await acknowledgedAtLeast(load.acknowledged.length + 100);
      const admin = new Client({ connectionString: pg.url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      await admin.end();
    }
    await acknowledgedAtLeast(load.acknowledged.length + 100);
    await load.stop();
    readiness.stop();

    expect(load.unexpected).toEqual([]);
    // Refused or cut connections are noticed at once, not after a timeout (5 s to connect, 30 s per statement).
    expect(load.slowestFailureMs).toBeLessThan(5_000);
    expect(a.process.exitCode).toBeNull();
    expect(b.process.exitCode).toBeNull();
    await waitFor(() => load.acknowledged.every((id) => receiver.uniqueMessageIds().has(id)), 90_000, 100);
    expect(keyed.process.exitCode).toBeNull();
    for (const gateway of [a, b, keyed]) {
      expect(await httpStatus(gateway.origin, '/readyz')).toBe(200);
      expect(gateway.output()).not.toMatch(/Unhandled 'error' event/);
    }
    console.log(
      `database outage: ${load.acknowledged.length} events acknowledged and delivered, ${load.unavailable.length} STORE_UNAVAILABLE answers, slowest ${load.slowestFailureMs} ms`,
    );
  }, 300_000);
});
