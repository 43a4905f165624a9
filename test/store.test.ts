import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/migrations.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import type {
  ApiKeyRecord,
  AttemptRecord,
  AttemptResult,
  ClaimedDelivery,
  DeliveryRecord,
  EndpointRecord,
  EventTypeRecord,
  EventRecord,
  InboundSourceRecord,
  PublishRequest,
  RecordProviderEventRequest,
  SendableEvent,
  Store,
} from '../src/store/store.ts';
import {
  backends,
  createPostgresSchema,
  freshSchemaName,
  POSTGRES_UNAVAILABLE,
  POSTGRES_URL,
  type OpenedStore,
  type PostgresSchema,
  type PreparedBackend,
  standInIfUnavailable,
} from './support/store-backends.ts';
import { waitFor } from './support/wait-for.ts';

/** The tenant most tests work in; OTHER is a second one that must never see its data. */
const TENANT = 'acme';
const OTHER = 'globex';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** A fixed clock: `at(s)` is s seconds after T0 (milliseconds allowed). */
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let sequence = 0;
/** Ids that sort in creation order. */
function newId(prefix: string): string {
  sequence += 1;
  return `${prefix}_${sequence.toString(16).padStart(32, '0')}`;
}

function endpointRecord(overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    id: newId('ep'),
    tenant: TENANT,
    url: 'https://receiver.example/hooks',
    name: null,
    events: ['*'],
    active: true,
    isTest: false,
    secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    previousSecret: null,
    previousSecretExpiresAt: null,
    disabledReason: null,
    failingSince: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function eventTypeRecord(name: string, overrides: Partial<EventTypeRecord> = {}): EventTypeRecord {
  return {
    tenant: TENANT,
    name,
    title: null,
    description: null,
    category: null,
    schema: null,
    example: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function publishRequest(
  eventType: string,
  options: { tenant?: string; createdAt?: Date; idempotencyKey?: string; payload?: unknown; windowSeconds?: number } = {},
): PublishRequest {
  const createdAt = options.createdAt ?? at(0);
  return {
    event: {
      id: newId('msg'),
      tenant: options.tenant ?? TENANT,
      eventType,
      payload: options.payload ?? { n: 1 },
      idempotencyKey: options.idempotencyKey ?? null,
      createdAt,
    },
    idempotentSince: new Date(createdAt.getTime() - (options.windowSeconds ?? 3_600) * 1000),
    newDeliveryId: () => newId('dlv'),
  };
}

/** The event as the worker gets it: the payload as stored JSON text. */
function sendable({ payload, ...event }: EventRecord): SendableEvent {
  return { ...event, payloadJson: JSON.stringify(payload) };
}

function attemptOf(delivery: DeliveryRecord, fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'outcome'>): AttemptRecord {
  return {
    id: newId('att'),
    deliveryId: delivery.id,
    attemptNumber: delivery.attemptCount + 1,
    statusCode: fields.outcome === 'SUCCEEDED' ? 200 : 500,
    durationMs: 12.5,
    error: fields.outcome === 'SUCCEEDED' ? null : 'The receiver answered HTTP 500',
    responseBody: null,
    startedAt: at(10),
    ...fields,
  };
}

describe.each(backends)('$name store', (backend) => {
  if (standInIfUnavailable(backend.unavailable)) return;

  let prepared: PreparedBackend;
  let opened: OpenedStore;
  let store: Store;
  beforeAll(async () => {
    prepared = await backend.prepare();
  });
  afterAll(async () => {
    await prepared?.cleanup();
  });
  beforeEach(async () => {
    opened = await prepared.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened?.dispose();
  });

  async function addEndpoint(overrides: Partial<EndpointRecord> = {}): Promise<EndpointRecord> {
    const endpoint = endpointRecord(overrides);
    await store.insertEndpoint(endpoint);
    return endpoint;
  }

  /** Claims everything due at `now` and returns it by delivery id. */
  async function claimAll(now: Date, leaseSeconds = 30): Promise<Map<string, ClaimedDelivery>> {
    const claimed = await store.claimDueDeliveries({ now, limit: 1_000, leaseUntil: new Date(now.getTime() + leaseSeconds * 1000) });
    return new Map(claimed.map((work) => [work.delivery.id, work]));
  }

  /** Records an attempt (FAILED for good unless told otherwise) of a delivery that exists; returns the attempt's seq. */
  async function recordWithSeq(result: Partial<AttemptResult> & { attempt: AttemptRecord }, now: Date): Promise<{ seq: number }> {
    const recorded = await store.recordAttempt({ status: 'FAILED', nextAttemptAt: null, disableEndpoint: null, ...result }, now);
    if (recorded === null) throw new Error(`delivery ${result.attempt.deliveryId} not found`);
    return recorded;
  }

  /** Records the attempt and reads its delivery back. */
  async function record(result: Partial<AttemptResult> & { attempt: AttemptRecord }, now: Date): Promise<DeliveryRecord> {
    await recordWithSeq(result, now);
    const [delivery] = await store.getDeliveries(TENANT, [result.attempt.deliveryId]);
    if (!delivery) throw new Error(`no delivery ${result.attempt.deliveryId}`);
    return delivery;
  }

  async function deliveryById(deliveryId: string, tenant = TENANT): Promise<DeliveryRecord> {
    const [delivery] = await store.getDeliveries(tenant, [deliveryId]);
    if (!delivery) throw new Error(`no delivery ${deliveryId}`);
    return delivery;
  }

  async function endpointById(endpointId: string, tenant = TENANT): Promise<EndpointRecord> {
    const [endpoint] = await store.getEndpoints(tenant, [endpointId]);
    if (!endpoint) throw new Error(`no endpoint ${endpointId}`);
    return endpoint;
  }

  describe('endpoints', () => {
    it('stores every field and reads endpoints back by id, leaving out unknown ids', async () => {
      const full = await addEndpoint({
        name: 'Orders',
        events: ['order.created', 'order.shipped'],
        isTest: true,
        previousSecret: 'whsec_b2xk',
        previousSecretExpiresAt: at(86_400.123),
        disabledReason: 'gone',
        active: false,
        failingSince: at(5.5),
        createdAt: at(1.001),
        updatedAt: at(2.002),
      });
      const plain = await addEndpoint();

      expect(await store.getEndpoints(TENANT, [full.id])).toEqual([full]);
      const both = await store.getEndpoints(TENANT, [plain.id, 'ep_unknown', full.id]);
      expect(both.toSorted((a, b) => a.id.localeCompare(b.id))).toEqual([full, plain]);
      expect(await store.getEndpoints(TENANT, [])).toEqual([]);
    });

    it('updates only the given fields, sets updatedAt, and returns null for an unknown endpoint', async () => {
      const endpoint = await addEndpoint({ name: 'Before', events: ['order.created'], disabledReason: 'gone', active: false });
      const updated = await store.updateEndpoint(
        TENANT,
        endpoint.id,
        { url: 'https://other.example/in', name: null, active: true, disabledReason: null, isTest: undefined },
        at(60),
      );
      const expected = { ...endpoint, url: 'https://other.example/in', name: null, active: true, disabledReason: null, updatedAt: at(60) };
      expect(updated).toEqual(expected);
      expect(await endpointById(endpoint.id)).toEqual(expected);

      const rotated = await store.updateEndpoint(
        TENANT,
        endpoint.id,
        { secret: 'whsec_bmV3', previousSecret: endpoint.secret, previousSecretExpiresAt: at(3_600) },
        at(61),
      );
      expect(rotated).toMatchObject({ secret: 'whsec_bmV3', previousSecret: endpoint.secret, previousSecretExpiresAt: at(3_600) });

      expect(await store.updateEndpoint(TENANT, 'ep_unknown', { name: 'x' }, at(62))).toBeNull();
    });

    it('keeps subscriptions in step with the events, counting explicit names only', async () => {
      const endpoint = await addEndpoint({ events: ['order.created'] });
      await addEndpoint({ events: ['*'] });
      await addEndpoint({ events: ['order.created', 'order.shipped'] });
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(2);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.shipped')).toBe(1);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.paid')).toBe(0);
      expect(await store.countEndpoints(TENANT)).toBe(3);
      expect(await store.countEndpoints('another-tenant')).toBe(0);

      await store.updateEndpoint(TENANT, endpoint.id, { events: ['order.shipped'] }, at(1));
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(1);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.shipped')).toBe(2);
      expect((await endpointById(endpoint.id)).events).toEqual(['order.shipped']);
    });

    it('deletes an endpoint with its subscriptions and deliveries', async () => {
      await store.insertEventType(eventTypeRecord('order.created'));
      const endpoint = await addEndpoint({ events: ['order.created'] });
      const { deliveries } = await store.publishEvent(publishRequest('order.created'));
      expect(deliveries).toHaveLength(1);

      expect(await store.deleteEndpoint(TENANT, endpoint.id)).toBe(true);
      expect(await store.deleteEndpoint(TENANT, endpoint.id)).toBe(false);
      expect(await store.getEndpoints(TENANT, [endpoint.id])).toEqual([]);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(0);
      expect(await store.getDeliveries(TENANT, deliveries.map((d) => d.id))).toEqual([]);
      expect(await store.queueStats()).toEqual({ pending: 0, oldestPendingAt: null });
    });

    it('lists newest first, ties by id (bytewise), and pages by keyset without gaps or repeats', async () => {
      const oldest = await addEndpoint({ id: 'ep_0', createdAt: at(0) });
      const tieLower = await addEndpoint({ id: 'ep_B', createdAt: at(1) }); // "B" < "a" bytewise
      const tieUpper = await addEndpoint({ id: 'ep_a', createdAt: at(1) });
      const middle = await addEndpoint({ id: 'ep_1', createdAt: at(2) });
      const newest = await addEndpoint({ id: 'ep_2', createdAt: at(3) });
      const expected = [newest, middle, tieUpper, tieLower, oldest];

      expect(await store.listEndpoints({ tenant: TENANT, first: 10, after: null })).toEqual(expected);
      const pages: EndpointRecord[][] = [];
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const page: EndpointRecord[] = await store.listEndpoints({ tenant: TENANT, first: 2, after });
        if (page.length === 0) break;
        pages.push(page);
        const last = page.at(-1) as EndpointRecord;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(pages.map((page) => page.map((e) => e.id))).toEqual([['ep_2', 'ep_1'], ['ep_a', 'ep_B'], ['ep_0']]);
    });
  });

  describe('event types', () => {
    it('inserts once per name and reads back JSON schema and example', async () => {
      const type = eventTypeRecord('order.created', {
        title: 'Order created',
        description: 'A customer placed an order',
        category: 'orders',
        schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, lines: { type: 'array' } } },
        example: { id: 'o1', lines: [{ sku: 'A', qty: 2, price: 9.99 }], note: null, gift: false },
        createdAt: at(1.5),
        updatedAt: at(1.5),
      });
      expect(await store.insertEventType(type)).toBe(true);
      expect(await store.insertEventType({ ...type, title: 'Again' })).toBe(false);
      expect(await store.getEventType(TENANT, 'order.created')).toEqual(type);
      expect(await store.getEventType(TENANT, 'order.unknown')).toBeNull();
    });

    it('lists by name, bytewise', async () => {
      for (const name of ['order.shipped', 'Zeta.event', 'alpha.event', 'order.created']) {
        await store.insertEventType(eventTypeRecord(name));
      }
      expect((await store.listEventTypes(TENANT)).map((t) => t.name)).toEqual(['Zeta.event', 'alpha.event', 'order.created', 'order.shipped']);
    });

    it('updates the given fields (null clears), and deletes', async () => {
      await store.insertEventType(
        eventTypeRecord('order.created', { title: 'Old', category: 'orders', schema: { type: 'object' }, example: { a: 1 } }),
      );
      const updated = await store.updateEventType(
        TENANT,
        'order.created',
        { title: 'New', category: undefined, schema: { type: 'object', properties: { b: { type: 'number' } } }, example: null },
        at(30),
      );
      const expected = eventTypeRecord('order.created', {
        title: 'New',
        category: 'orders',
        schema: { type: 'object', properties: { b: { type: 'number' } } },
        example: null,
        updatedAt: at(30),
      });
      expect(updated).toEqual(expected);
      expect(await store.getEventType(TENANT, 'order.created')).toEqual(expected);
      expect(await store.updateEventType(TENANT, 'order.unknown', { title: 'x' }, at(31))).toBeNull();

      expect(await store.deleteEventType(TENANT, 'order.created')).toBe(true);
      expect(await store.deleteEventType(TENANT, 'order.created')).toBe(false);
      expect(await store.listEventTypes(TENANT)).toEqual([]);
    });

    it('reads each change at once, having read the type before it (missing, created, updated, deleted, created again)', async () => {
      const read = () => store.getEventType(TENANT, 'order.created');
      expect(await read()).toBeNull();
      await store.insertEventType(eventTypeRecord('order.created', { title: 'First' }));
      expect(await read()).toMatchObject({ title: 'First' });
      await store.updateEventType(TENANT, 'order.created', { schema: { type: 'object' } }, at(1));
      expect(await read()).toMatchObject({ title: 'First', schema: { type: 'object' }, updatedAt: at(1) });
      await store.deleteEventType(TENANT, 'order.created');
      expect(await read()).toBeNull();
      await store.insertEventType(eventTypeRecord('order.created', { title: 'Again' }));
      expect(await read()).toMatchObject({ title: 'Again', schema: null });
    });
  });

  describe('inbound sources and provider events', () => {
    function sourceRecord(overrides: Partial<InboundSourceRecord> = {}): InboundSourceRecord {
      const id = newId('src');
      return {
        id,
        tenant: TENANT,
        provider: 'SHIPPO',
        name: 'tracking',
        tokenHash: `hash-of-${id}`,
        sealedToken: 'sealed-token',
        sealedSecret: 'sealed-secret',
        events: ['track_updated'],
        scope: null,
        webhook: { externalId: 'wh-1', scope: null },
        createdAt: at(0),
        receivedCount: 0,
        lastReceivedAt: null,
        rejectedCount: 0,
        ...overrides,
      };
    }

    function recordRequest(
      source: InboundSourceRecord,
      overrides: Partial<RecordProviderEventRequest['event']> = {},
      subscribedAs: string[] = ['shippo.track_updated', 'shippo.*'],
    ): RecordProviderEventRequest {
      const event = {
        id: newId('pev'),
        tenant: source.tenant,
        sourceId: source.id,
        provider: source.provider,
        type: 'track_updated',
        occurredAt: at(1),
        receivedAt: at(2),
        dedupeKey: newId('key'),
        payloadJson: '{"event":"track_updated","data":{"n":1}}',
        ...overrides,
      };
      const forwardEvent = { id: newId('msg'), tenant: source.tenant, eventType: 'shippo.track_updated', payload: { n: 1 }, idempotencyKey: null, createdAt: at(2) };
      return {
        event,
        forward: {
          event: () => forwardEvent,
          subscribedAs,
          newDeliveryId: () => newId('dlv'),
        },
      };
    }

    it('stores a source, finds it by token hash (any tenant) and by id (its tenant only), lists and deletes it', async () => {
      const source = sourceRecord({ scope: { workspaceId: 'ws-1' }, webhook: { externalId: 'w', scope: { workspaceId: 'ws-1' } } });
      const other = sourceRecord({ tenant: OTHER, createdAt: at(1), provider: 'BOLT', sealedSecret: null, webhook: null });
      await store.insertInboundSource(source);
      await store.insertInboundSource(other);
      expect(await store.findInboundSource(source.tokenHash)).toEqual({
        id: source.id,
        tenant: source.tenant,
        provider: source.provider,
        sealedSecret: source.sealedSecret,
        events: source.events,
      });
      expect(await store.findInboundSource('nope')).toBeNull();
      expect(await store.getInboundSources(TENANT, [source.id, other.id])).toEqual([source]);
      expect(await store.listInboundSources({ tenant: OTHER, first: 10, after: null })).toEqual([other]);
      expect(await store.listInboundSources({ tenant: TENANT, provider: 'BOLT', first: 10, after: null })).toEqual([]);
      expect(await store.deleteInboundSource(OTHER, source.id)).toBe(false);
      expect(await store.deleteInboundSource(TENANT, source.id)).toBe(true);
      expect(await store.getInboundSources(TENANT, [source.id])).toEqual([]);
      expect(await store.findInboundSource(source.tokenHash)).toBeNull();
      expect(await store.findInboundSource(other.tokenHash)).toMatchObject({ id: other.id, tenant: OTHER });
    });

    it('stores an event once per dedupe key, counts it on the source, and counts rejections', async () => {
      const source = sourceRecord();
      await store.insertInboundSource(source);
      const first = recordRequest(source, { dedupeKey: 'same' });
      const stored = await store.recordProviderEvent(first);
      expect(stored.duplicate).toBe(false);
      expect(stored.event).toEqual({ ...first.event, seq: expect.any(Number) });
      const again = await store.recordProviderEvent(recordRequest(source, { dedupeKey: 'same' }));
      expect(again).toEqual({ event: stored.event, duplicate: true, deliveries: [], claimed: [] });
      await store.countRejectedInbound(source.id);
      const [read] = await store.getInboundSources(TENANT, [source.id]);
      expect(read).toMatchObject({ receivedCount: 1, lastReceivedAt: at(2), rejectedCount: 1 });
      expect(await store.getProviderEvents(TENANT, [stored.event.id])).toEqual([stored.event]);
      expect(await store.getProviderEvents(OTHER, [stored.event.id])).toEqual([]);
    });

    it('counts events stored at once (and their retries once), per source, with the latest time', async () => {
      const [a, b] = [sourceRecord(), sourceRecord()];
      await store.insertInboundSource(a);
      await store.insertInboundSource(b);
      const outcomes = await Promise.all([
        store.recordProviderEvent(recordRequest(a, { receivedAt: at(5) })),
        store.recordProviderEvent(recordRequest(a, { receivedAt: at(7), dedupeKey: 'k' })),
        store.recordProviderEvent(recordRequest(a, { receivedAt: at(9), dedupeKey: 'k' })),
        store.recordProviderEvent(recordRequest(b, { receivedAt: at(3) })),
        store.recordProviderEvent(recordRequest(a, { receivedAt: at(6) })),
      ]);
      expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, true, false, false]);
      const read = await store.getInboundSources(TENANT, [a.id, b.id]);
      expect(read.find((s) => s.id === a.id)).toMatchObject({ receivedCount: 3, lastReceivedAt: at(7) });
      expect(read.find((s) => s.id === b.id)).toMatchObject({ receivedCount: 1, lastReceivedAt: at(3) });
    });

    it('stores and forwards events recorded at once each with its own deliveries; one that cannot be stored fails alone', async () => {
      const source = sourceRecord();
      await store.insertInboundSource(source);
      const endpoint = await addEndpoint({ events: ['shippo.*'] });
      const requests = Array.from({ length: 6 }, () => recordRequest(source));
      // A NUL character: PostgreSQL refuses it in text (SQLite stores it).
      const bad = recordRequest(source, { payloadJson: '{"event":"track_updated","data":"\u0000"}' });
      const settled = await Promise.allSettled([...requests.slice(0, 3), bad, ...requests.slice(3)].map((r) => store.recordProviderEvent(r)));
      const good = [...settled.slice(0, 3), ...settled.slice(4)];
      expect(good.every((s) => s.status === 'fulfilled')).toBe(true);
      if (backend.name === 'postgres') expect(settled[3]!.status).toBe('rejected');
      const outcomes = good.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<Store['recordProviderEvent']>>>).value);
      expect(outcomes.map((o) => o.deliveries.map((d) => d.endpointId))).toEqual(requests.map(() => [endpoint.id]));
      expect(new Set(outcomes.map((o) => o.deliveries[0]!.eventId))).toEqual(new Set(requests.map((r) => r.forward.event().id)));
      const forwarded = await store.getEvents(TENANT, requests.map((r) => r.forward.event().id));
      expect(forwarded).toHaveLength(requests.length);
    });

    it('forwards to endpoints subscribed to the name, the provider wildcard or *, in the same write; to nobody writes no LOCAL event', async () => {
      const source = sourceRecord();
      await store.insertInboundSource(source);
      const exact = await addEndpoint({ events: ['shippo.track_updated'] });
      const wildcard = await addEndpoint({ events: ['shippo.*'] });
      const everything = await addEndpoint({ events: ['*'] });
      await addEndpoint({ events: ['bolt.*'] });
      await addEndpoint({ events: ['*'], tenant: OTHER });
      const request = recordRequest(source);
      const outcome = await store.recordProviderEvent(request);
      expect(outcome.deliveries.map((d) => d.endpointId).toSorted()).toEqual([exact.id, wildcard.id, everything.id].toSorted());
      expect(await store.getEvents(TENANT, [request.forward.event().id])).toEqual([request.forward.event()]);

      await store.deleteEndpoint(TENANT, exact.id);
      await store.deleteEndpoint(TENANT, wildcard.id);
      await store.deleteEndpoint(TENANT, everything.id);
      const unheard = recordRequest(source);
      expect((await store.recordProviderEvent(unheard)).deliveries).toEqual([]);
      expect(await store.getEvents(TENANT, [unheard.forward.event().id])).toEqual([]);
    });

    it('lists events newest first by filters and pages by seq; reads what came after a seq, oldest first', async () => {
      const shippo = sourceRecord();
      const bolt = sourceRecord({ provider: 'BOLT' });
      const foreign = sourceRecord({ tenant: OTHER });
      for (const source of [shippo, bolt, foreign]) await store.insertInboundSource(source);
      const a = (await store.recordProviderEvent(recordRequest(shippo))).event;
      const b = (await store.recordProviderEvent(recordRequest(bolt, { type: 'payment', provider: 'BOLT' }))).event;
      const c = (await store.recordProviderEvent(recordRequest(shippo, { type: 'transaction_created' }))).event;
      await store.recordProviderEvent(recordRequest(foreign));
      expect(a.seq < b.seq && b.seq < c.seq).toBe(true);

      expect(await store.listProviderEvents({ tenant: TENANT, first: 10, beforeSeq: null })).toEqual([c, b, a]);
      expect(await store.listProviderEvents({ tenant: TENANT, first: 1, beforeSeq: c.seq })).toEqual([b]);
      expect(await store.listProviderEvents({ tenant: TENANT, provider: 'SHIPPO', first: 10, beforeSeq: null })).toEqual([c, a]);
      expect(await store.listProviderEvents({ tenant: TENANT, type: 'payment', first: 10, beforeSeq: null })).toEqual([b]);
      expect(await store.listProviderEvents({ tenant: TENANT, sourceId: bolt.id, first: 10, beforeSeq: null })).toEqual([b]);

      expect(await store.listProviderEventsSince({ tenant: TENANT, afterSeq: a.seq, limit: 10 })).toEqual([b, c]);
      expect(await store.listProviderEventsSince({ tenant: TENANT, afterSeq: 0, types: ['track_updated'], limit: 10 })).toEqual([a]);
      expect(await store.listProviderEventsSince({ tenant: TENANT, afterSeq: 0, provider: 'BOLT', limit: 10 })).toEqual([b]);
      expect(await store.lastProviderEventSeq()).toBeGreaterThan(c.seq);
    });
  });

  describe('publishEvent', () => {
    it('fans out one PENDING delivery per active endpoint subscribed to the type or to *', async () => {
      const everything = await addEndpoint({ events: ['*'] });
      const created = await addEndpoint({ events: ['order.created'] });
      const both = await addEndpoint({ events: ['order.created', '*'] });
      await addEndpoint({ events: ['order.shipped'] });
      await addEndpoint({ events: ['*'], active: false });
      await addEndpoint({ events: ['order.created'], active: false });

      const request = publishRequest('order.created', { createdAt: at(5), payload: { orderId: 'o-1', total: 12.5, tags: ['a'] } });
      const outcome = await store.publishEvent(request);

      expect(outcome.duplicate).toBe(false);
      expect(outcome.event).toEqual(request.event);
      expect(outcome.deliveries.map((d) => d.endpointId)).toEqual([everything.id, created.id, both.id]);
      for (const delivery of outcome.deliveries) {
        expect(delivery).toEqual({
          id: expect.stringMatching(/^dlv_/),
          tenant: TENANT,
          eventId: request.event.id,
          endpointId: delivery.endpointId,
          status: 'PENDING',
          attemptCount: 0,
          seriesAttempts: 0,
          nextAttemptAt: at(5),
          lastStatusCode: null,
          lastError: null,
          createdAt: at(5),
          updatedAt: at(5),
          deliveredAt: null,
        });
      }
      const stored = await store.getDeliveries(TENANT, outcome.deliveries.map((d) => d.id));
      expect(stored.toSorted((a, b) => a.endpointId.localeCompare(b.endpointId))).toEqual(outcome.deliveries);
      expect(await store.getEvents(TENANT, [request.event.id])).toEqual([request.event]);
    });

    it('fans out to the endpoints subscribed at each publish, as they are added, resubscribed, deactivated, failing and deleted', async () => {
      const targets = async (eventType = 'order.created') => (await store.publishEvent(publishRequest(eventType))).deliveries.map((d) => d.endpointId);
      expect(await targets()).toEqual([]);
      const first = await addEndpoint({ events: ['order.created'] });
      expect(await targets()).toEqual([first.id]);
      const second = await addEndpoint({ events: ['order.shipped'] });
      expect(await targets()).toEqual([first.id]);
      expect(await targets('order.shipped')).toEqual([second.id]);
      await store.updateEndpoint(TENANT, second.id, { events: ['*'] }, at(1));
      expect(await targets()).toEqual([first.id, second.id]);
      await store.updateEndpoint(TENANT, first.id, { active: false }, at(2));
      expect(await targets()).toEqual([second.id]);

      // An attempt that starts the endpoint's failing period: the claimed endpoint says since when.
      const { deliveries } = await store.publishEvent(publishRequest('order.created'));
      await claimAll(at(3));
      await record({ attempt: attemptOf(deliveries[0]!, { outcome: 'FAILED', startedAt: at(3) }), status: 'PENDING', nextAttemptAt: at(60) }, at(3));
      const leased = await store.publishEvent({ ...publishRequest('order.created'), leaseNewDeliveries: (ids) => ids.map(() => at(90)) });
      expect(leased.claimed.map((c) => [c.endpoint.id, c.endpoint.failingSince])).toEqual([[second.id, at(3)]]);

      expect(await store.deleteEndpoint(TENANT, second.id)).toBe(true);
      expect(await targets()).toEqual([]);
    });

    it('stores an event that nobody subscribes to, with no deliveries', async () => {
      await addEndpoint({ events: ['order.shipped'] });
      const request = publishRequest('order.created', { payload: 'just a string' });
      const outcome = await store.publishEvent(request);
      expect(outcome).toEqual({ event: request.event, deliveries: [], duplicate: false, claimed: [] });
      expect(await store.getEvents(TENANT, [request.event.id])).toEqual([request.event]);
    });

    it('leases the new deliveries to the publisher when it asks, returning them claimed; nobody else claims them', async () => {
      const everything = await addEndpoint({ events: ['*'] });
      const created = await addEndpoint({ events: ['order.created'] });
      await addEndpoint({ events: ['order.shipped'] });
      const asked: (readonly string[])[] = [];
      const request = {
        ...publishRequest('order.created', { createdAt: at(5), payload: { n: 'direct' } }),
        leaseNewDeliveries: (endpointIds: readonly string[]) => (asked.push(endpointIds), endpointIds.map(() => at(35))),
      };
      const outcome = await store.publishEvent(request);

      expect(asked).toEqual([[everything.id, created.id].toSorted()]);
      expect(outcome.claimed).toEqual(
        outcome.deliveries.map((delivery, i) => ({ delivery, event: sendable(request.event), endpoint: [everything, created][i] })),
      );
      expect(await store.claimDueDeliveries({ now: at(34), limit: 10, leaseUntil: at(64) })).toEqual([]);
      expect(await store.nextDueAt()).toEqual(at(35));
      // The lease is an ordinary one: when it runs out, the deliveries are claimed as usual.
      const later = await store.claimDueDeliveries({ now: at(35.001), limit: 10, leaseUntil: at(65) });
      expect(later.map((w) => w.delivery.id).toSorted()).toEqual(outcome.deliveries.map((d) => d.id).toSorted());
    });

    it('leaves the new deliveries to be claimed when the publisher declines them, and asks nothing without any', async () => {
      await addEndpoint({ events: ['order.created'] });
      const declined = await store.publishEvent({ ...publishRequest('order.created', { createdAt: at(5) }), leaseNewDeliveries: () => [null] });
      expect(declined.claimed).toEqual([]);
      expect((await store.claimDueDeliveries({ now: at(6), limit: 10, leaseUntil: at(36) })).map((w) => w.delivery.id)).toEqual([
        declined.deliveries[0]?.id,
      ]);

      let asked = false;
      const unsubscribed = await store.publishEvent({
        ...publishRequest('order.nobody-wants'),
        leaseNewDeliveries: () => ((asked = true), [at(99)]),
      });
      expect([asked, unsubscribed.claimed]).toEqual([false, []]);
    });

    it('returns the earlier event and its deliveries for a key seen within the window, writing nothing', async () => {
      await addEndpoint();
      await addEndpoint();
      const first = await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(0) }));
      const again = publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(30), windowSeconds: 60, payload: 2 });
      const second = await store.publishEvent(again);

      expect(second.duplicate).toBe(true);
      expect(second.event).toEqual(first.event);
      expect(second.deliveries).toEqual(first.deliveries.toSorted((a, b) => (a.id < b.id ? -1 : 1)));
      expect(await store.getEvents(TENANT, [again.event.id])).toEqual([]);
      expect((await store.queueStats()).pending).toBe(2);
    });

    it('accepts a key again once the window has passed, moving the key to the new event', async () => {
      await addEndpoint();
      const first = await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(0) }));
      const keyed = (seconds: number) => publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(seconds), windowSeconds: 60 });
      const second = await store.publishEvent(keyed(61));
      expect(second.duplicate).toBe(false);
      expect(second.event.id).not.toBe(first.event.id);
      expect(second.deliveries).toHaveLength(1);
      const [old] = await store.getEvents(TENANT, [first.event.id]);
      expect(old).toMatchObject({ id: first.event.id, idempotencyKey: null });

      const third = await store.publishEvent(keyed(62));
      expect(third).toMatchObject({ duplicate: true, event: { id: second.event.id } });
    });

    it('never treats events without a key as duplicates', async () => {
      const first = await store.publishEvent(publishRequest('order.created'));
      const second = await store.publishEvent(publishRequest('order.created'));
      expect([first.duplicate, second.duplicate]).toEqual([false, false]);
      expect(await store.getEvents(TENANT, [first.event.id, second.event.id])).toHaveLength(2);
    });

    it('writes one event when the same key is published concurrently', async () => {
      await addEndpoint();
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.publishEvent(publishRequest('order.created', { idempotencyKey: 'same', payload: { i } })),
        ),
      );
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.event.id)).size).toBe(1);
      expect(new Set(outcomes.flatMap((o) => o.deliveries.map((d) => d.id))).size).toBe(1);
      expect((await store.queueStats()).pending).toBe(1);
    });
  });

  describe('publishEvents', () => {
    it('publishes each event as publishEvent does, in input order, with keys repeated in the batch made duplicates', async () => {
      const everything = await addEndpoint({ events: ['*'] });
      const shipped = await addEndpoint({ events: ['order.shipped'] });
      const earlier = await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'seen', createdAt: at(0) }));
      const requests = [
        publishRequest('order.shipped', { idempotencyKey: 'b', createdAt: at(5), payload: { n: 0 } }),
        publishRequest('order.created', { idempotencyKey: 'seen', createdAt: at(5), payload: { n: 1 } }),
        publishRequest('order.created', { createdAt: at(5), payload: { n: 2 } }),
        publishRequest('order.shipped', { idempotencyKey: 'a', createdAt: at(5), payload: { n: 3 } }),
        publishRequest('order.shipped', { idempotencyKey: 'b', createdAt: at(5), payload: { n: 4 } }),
      ];
      const outcomes = await store.publishEvents(requests);

      expect(outcomes.map((o) => [o.event.id, o.duplicate])).toEqual([
        [requests[0]!.event.id, false],
        [earlier.event.id, true],
        [requests[2]!.event.id, false],
        [requests[3]!.event.id, false],
        [requests[0]!.event.id, true],
      ]);
      expect(outcomes.map((o) => o.deliveries.map((d) => d.endpointId))).toEqual([
        [everything.id, shipped.id],
        [everything.id],
        [everything.id],
        [everything.id, shipped.id],
        outcomes[0]!.deliveries.toSorted((a, b) => (a.id < b.id ? -1 : 1)).map((d) => d.endpointId),
      ]);
      const written = [requests[0]!, requests[2]!, requests[3]!].map((r) => r.event);
      expect(await store.getEvents(TENANT, written.map((e) => e.id))).toEqual(expect.arrayContaining(written));
      expect(await store.getEvents(TENANT, [requests[1]!.event.id, requests[4]!.event.id])).toEqual([]);
      expect((await store.queueStats()).pending).toBe(1 + 2 + 1 + 2);
    });

    it('writes large batches whole: more events and deliveries than one insert statement takes, keys in between', async () => {
      const endpoints = [await addEndpoint({ events: ['*'] }), await addEndpoint({ events: ['*'] }), await addEndpoint({ events: ['*'] })];
      const requests = Array.from({ length: 75 }, (_, i) =>
        publishRequest('order.created', { createdAt: at(5), payload: { n: i, text: `é ${i}` }, ...(i % 25 === 7 ? { idempotencyKey: `k${i}` } : {}) }),
      );
      const outcomes = await store.publishEvents(requests);

      expect(outcomes.map((o) => o.event)).toEqual(requests.map((r) => r.event));
      expect(outcomes.every((o) => !o.duplicate && o.deliveries.map((d) => d.endpointId).join() === endpoints.map((e) => e.id).join())).toBe(true);
      expect(new Set(outcomes.flatMap((o) => o.deliveries.map((d) => d.id))).size).toBe(75 * 3);
      expect(await store.getEvents(TENANT, requests.map((r) => r.event.id))).toEqual(expect.arrayContaining(requests.map((r) => r.event)));
      const stored = await store.getDeliveries(TENANT, outcomes.flatMap((o) => o.deliveries.map((d) => d.id)));
      expect(stored.toSorted((a, b) => (a.id < b.id ? -1 : 1))).toEqual(outcomes.flatMap((o) => o.deliveries).toSorted((a, b) => (a.id < b.id ? -1 : 1)));
      expect((await store.queueStats()).pending).toBe(75 * 3);
    });

    it('leases each event\'s deliveries through its own request', async () => {
      await addEndpoint({ events: ['*'] });
      await addEndpoint({ events: ['*'] });
      const counts: number[] = [];
      const lease = (until: Date | null) => (endpointIds: readonly string[]) => (counts.push(endpointIds.length), endpointIds.map(() => until));
      const outcomes = await store.publishEvents([
        { ...publishRequest('order.created', { createdAt: at(5) }), leaseNewDeliveries: lease(at(35)) },
        { ...publishRequest('order.created', { createdAt: at(5) }), leaseNewDeliveries: lease(null) },
      ]);
      expect(counts).toEqual([2, 2]);
      expect(outcomes.map((o) => o.claimed.length)).toEqual([2, 0]);
      const claimable = await store.claimDueDeliveries({ now: at(6), limit: 10, leaseUntil: at(36) });
      expect(claimable.map((w) => w.delivery.id).toSorted()).toEqual(outcomes[1]!.deliveries.map((d) => d.id).toSorted());
    });

    it('writes nothing when one event of the batch cannot be written: one transaction', async () => {
      await addEndpoint({ events: ['*'] });
      const taken = await store.publishEvent(publishRequest('order.created'));
      const first = publishRequest('order.created', { idempotencyKey: 'fresh' });
      const clash = publishRequest('order.created');
      clash.event.id = taken.event.id;

      await expect(store.publishEvents([first, clash])).rejects.toThrow();
      expect(await store.getEvents(TENANT, [first.event.id])).toEqual([]);
      expect((await store.queueStats()).pending).toBe(1);
      // The key of the undone event is free.
      expect((await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'fresh' }))).duplicate).toBe(false);
    });

    it('publishes nothing for an empty batch', async () => {
      expect(await store.publishEvents([])).toEqual([]);
    });
  });

  describe('claimDueDeliveries', () => {
    it('claims due deliveries only, earliest first, up to the limit, with their event and endpoint', async () => {
      const endpoint = await addEndpoint();
      const early = await store.publishEvent(publishRequest('order.created', { createdAt: at(1), payload: { n: 'early' } }));
      const late = await store.publishEvent(publishRequest('order.created', { createdAt: at(2) }));
      await store.publishEvent(publishRequest('order.created', { createdAt: at(100) }));

      const first = await store.claimDueDeliveries({ now: at(50), limit: 1, leaseUntil: at(80) });
      expect(first).toEqual([{ delivery: early.deliveries[0], event: sendable(early.event), endpoint }]);
      const rest = await store.claimDueDeliveries({ now: at(50), limit: 10, leaseUntil: at(80) });
      expect(rest.map((w) => w.delivery.id)).toEqual([late.deliveries[0]?.id]);
    });

    it('respects a lease until it runs out, then claims again', async () => {
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const id = deliveries[0]?.id;

      expect((await store.claimDueDeliveries({ now: at(1), limit: 10, leaseUntil: at(31) })).map((w) => w.delivery.id)).toEqual([id]);
      expect(await store.claimDueDeliveries({ now: at(2), limit: 10, leaseUntil: at(32) })).toEqual([]);
      expect(await store.claimDueDeliveries({ now: at(31), limit: 10, leaseUntil: at(61) })).toEqual([]);
      expect((await store.claimDueDeliveries({ now: at(31.001), limit: 10, leaseUntil: at(61) })).map((w) => w.delivery.id)).toEqual([id]);
    });

    it('never claims deliveries that are no longer PENDING', async () => {
      await addEndpoint();
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const claimed = await claimAll(at(1));
      for (const delivery of deliveries) {
        const outcome = delivery === deliveries[0] ? 'SUCCEEDED' : 'FAILED';
        await record({ attempt: attemptOf(delivery, { outcome }), status: outcome }, at(2));
      }
      expect(claimed.size).toBe(2);
      expect(await store.claimDueDeliveries({ now: at(1_000), limit: 10, leaseUntil: at(1_030) })).toEqual([]);
    });

    it('claims a delivery again at once after its lease was given back, but not one that was attempted', async () => {
      await addEndpoint();
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const [given, done] = deliveries as [DeliveryRecord, DeliveryRecord];
      await claimAll(at(1), 60);
      await record({ attempt: attemptOf(done, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(2));
      await store.releaseLeases([given.id, done.id]);
      expect([...(await claimAll(at(3))).keys()]).toEqual([given.id]);
      expect(await deliveryById(done.id)).toMatchObject({ status: 'SUCCEEDED' });
    });

    it('takes no more of an endpoint than its room, none of one without room, and looks past those for the others', async () => {
      const busy = await addEndpoint();
      const hanging = await addEndpoint();
      const quiet = await addEndpoint();
      for (let i = 0; i < 6; i++) await store.publishEvent(publishRequest('order.created', { createdAt: at(i) }));
      const endpointRoom = { of: new Map([[busy.id, 2], [hanging.id, 0]]), others: 3 };

      const claimed = await store.claimDueDeliveries({ now: at(10), limit: 4, leaseUntil: at(40), endpointRoom });
      const count = (id: string) => claimed.filter((w) => w.endpoint.id === id).length;
      expect([count(busy.id), count(hanging.id), count(quiet.id)]).toEqual([2, 0, 2]);
      expect(claimed.map((w) => w.delivery.nextAttemptAt!.getTime())).toEqual(claimed.map((w) => w.delivery.nextAttemptAt!.getTime()).toSorted());
      // Due work of an endpoint without room does not make the store say work is due.
      expect(await store.nextDueAt([hanging.id, busy.id, quiet.id])).toBeNull();
      expect(await store.nextDueAt([hanging.id])).toEqual(at(2));
      expect(await store.nextDueAt()).toEqual(at(0));
    });
  });

  describe('recordAttempt', () => {
    it('schedules a retry, lists the attempts, and tracks when the endpoint started failing', async () => {
      const endpoint = await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const delivery = deliveries[0] as DeliveryRecord;
      await claimAll(at(1));

      const first = attemptOf(delivery, { outcome: 'FAILED', statusCode: 503, startedAt: at(1), durationMs: 101.25, responseBody: 'busy' });
      const afterFirst = await record({ attempt: first, status: 'PENDING', nextAttemptAt: at(6) }, at(1.2));
      expect(afterFirst).toEqual({
        ...delivery,
        status: 'PENDING',
        attemptCount: 1,
        seriesAttempts: 1,
        nextAttemptAt: at(6),
        lastStatusCode: 503,
        lastError: 'The receiver answered HTTP 500',
        updatedAt: at(1.2),
      });
      expect(await deliveryById(delivery.id)).toEqual(afterFirst);
      expect((await endpointById(endpoint.id)).failingSince).toEqual(at(1));

      // The lease is released: the retry is claimable when due, not before.
      expect(await store.claimDueDeliveries({ now: at(5), limit: 10, leaseUntil: at(35) })).toEqual([]);
      const [retry] = await store.claimDueDeliveries({ now: at(6), limit: 10, leaseUntil: at(36) });
      expect(retry?.delivery).toEqual(afterFirst);
      expect(retry?.endpoint.failingSince).toEqual(at(1));

      const second = attemptOf(afterFirst, { outcome: 'FAILED', statusCode: null, error: 'connect ECONNREFUSED', startedAt: at(6) });
      await record({ attempt: second, status: 'PENDING', nextAttemptAt: at(20) }, at(6.5));
      expect((await endpointById(endpoint.id)).failingSince).toEqual(at(1)); // the run started with the first failure

      await claimAll(at(20));
      const afterSecond = await deliveryById(delivery.id);
      const third = attemptOf(afterSecond, { outcome: 'SUCCEEDED', startedAt: at(20), responseBody: '{"ok":true}' });
      const done = await record({ attempt: third, status: 'SUCCEEDED' }, at(20.25));
      expect(done).toMatchObject({
        status: 'SUCCEEDED',
        attemptCount: 3,
        seriesAttempts: 3,
        nextAttemptAt: null,
        lastStatusCode: 200,
        lastError: null,
        deliveredAt: at(20.25),
        updatedAt: at(20.25),
      });
      expect((await endpointById(endpoint.id)).failingSince).toBeNull();
      expect(await store.getAttempts([delivery.id])).toEqual([first, second, third]);
      expect(await store.claimDueDeliveries({ now: at(1_000), limit: 10, leaseUntil: at(1_030) })).toEqual([]);
    });

    it('fails a delivery for good and disables its endpoint when asked', async () => {
      const endpoint = await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const delivery = deliveries[0] as DeliveryRecord;
      await claimAll(at(1));
      const attempt = attemptOf(delivery, { outcome: 'FAILED', statusCode: 410, startedAt: at(1) });
      const failed = await record({ attempt, status: 'FAILED', disableEndpoint: 'The endpoint answered 410 Gone' }, at(2));

      expect(failed).toMatchObject({ status: 'FAILED', nextAttemptAt: null, lastStatusCode: 410, deliveredAt: null });
      expect(await endpointById(endpoint.id)).toEqual({
        ...endpoint,
        active: false,
        disabledReason: 'The endpoint answered 410 Gone',
        failingSince: at(1),
        updatedAt: at(2),
      });
      expect((await store.publishEvent(publishRequest('order.created', { createdAt: at(3) }))).deliveries).toEqual([]);
      expect(await store.nextDueAt()).toBeNull();
    });

    it('records nothing for a delivery whose endpoint was deleted during the attempt, and disturbs no write beside it', async () => {
      const deleted = await addEndpoint();
      const kept = await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const gone = deliveries.find((d) => d.endpointId === deleted.id) as DeliveryRecord;
      const sent = deliveries.find((d) => d.endpointId === kept.id) as DeliveryRecord;
      await claimAll(at(1));
      expect(await store.deleteEndpoint(TENANT, deleted.id)).toBe(true);

      // Called together, so that the embedded store commits them in one transaction.
      const [vanished, recorded, published] = await Promise.all([
        store.recordAttempt({ attempt: attemptOf(gone, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED', nextAttemptAt: null, disableEndpoint: null }, at(2)),
        store.recordAttempt({ attempt: attemptOf(sent, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED', nextAttemptAt: null, disableEndpoint: null }, at(2)),
        store.publishEvent(publishRequest('order.created', { createdAt: at(2) })),
      ]);

      expect(vanished).toBeNull();
      expect(await store.getAttempts([gone.id])).toEqual([]);
      expect(recorded).not.toBeNull();
      expect(await store.lastAttemptSeq()).toBe(recorded?.seq);
      expect(await deliveryById(sent.id)).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });
      expect(published.deliveries.map((d) => d.endpointId)).toEqual([kept.id]);
    });

    it('writes nothing of an attempt that fails halfway (an attempt id used twice)', async () => {
      await addEndpoint();
      const first = (await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }))).deliveries[0] as DeliveryRecord;
      const second = (await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }))).deliveries[0] as DeliveryRecord;
      await claimAll(at(1));
      const used = attemptOf(first, { outcome: 'FAILED' });
      await recordWithSeq({ attempt: used, status: 'PENDING', nextAttemptAt: at(10) }, at(2));
      const before = await deliveryById(second.id);

      // The delivery is moved on before the attempt's row is inserted, which then fails.
      const again = { ...attemptOf(second, { outcome: 'SUCCEEDED' }), id: used.id };
      await expect(store.recordAttempt({ attempt: again, status: 'SUCCEEDED', nextAttemptAt: null, disableEndpoint: null }, at(3))).rejects.toThrow();
      expect(await deliveryById(second.id)).toEqual(before);
      expect(await store.getAttempts([second.id])).toEqual([]);
    });

    it('records attempts made at once in call order, leaving each endpoint as one-by-one records would', async () => {
      const recovering = await addEndpoint();
      const failing = await addEndpoint();
      const published: DeliveryRecord[] = [];
      for (let i = 0; i < 3; i++) published.push(...(await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }))).deliveries);
      await claimAll(at(1));
      const of = (endpoint: EndpointRecord) => published.filter((d) => d.endpointId === endpoint.id);
      // Recovering: fails, fails, then succeeds. Failing: succeeds, then fails twice.
      const plan = [
        ...of(recovering).map((d, i) => ({ d, outcome: i < 2 ? ('FAILED' as const) : ('SUCCEEDED' as const), startedAt: at(1 + i) })),
        ...of(failing).map((d, i) => ({ d, outcome: i === 0 ? ('SUCCEEDED' as const) : ('FAILED' as const), startedAt: at(1 + i) })),
      ];
      const recorded = await Promise.all(
        plan.map(({ d, outcome, startedAt }) =>
          recordWithSeq({ attempt: attemptOf(d, { outcome, startedAt }), status: outcome === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED' }, at(5)),
        ),
      );

      const seqs = recorded.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(plan.length);
      expect((await endpointById(recovering.id)).failingSince).toBeNull();
      expect((await endpointById(failing.id)).failingSince).toEqual(at(2)); // the first failure after the last success
      const deliveries = await store.getDeliveries(TENANT, published.map((d) => d.id));
      expect(deliveries.every((d) => d.attemptCount === 1 && d.status !== 'PENDING')).toBe(true);
    });

    it('keeps a response body that holds a NUL character', async () => {
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created'));
      const delivery = deliveries[0] as DeliveryRecord;
      await claimAll(at(1));
      await record({ attempt: attemptOf(delivery, { outcome: 'FAILED', responseBody: 'ok\u0000x', error: 'bad\u0000' }) }, at(2));
      const [attempt] = await store.getAttempts([delivery.id]);
      expect(attempt?.responseBody).toMatch(/^ok.x$/);
      expect(attempt?.error).toMatch(/^bad.$/);
    });
  });

  describe('nextDueAt', () => {
    it('is the earliest PENDING attempt, counting a leased delivery from the end of its lease', async () => {
      expect(await store.nextDueAt()).toBeNull();
      await addEndpoint();
      const a = await store.publishEvent(publishRequest('order.created', { createdAt: at(10) }));
      const b = await store.publishEvent(publishRequest('order.created', { createdAt: at(20) }));
      expect(await store.nextDueAt()).toEqual(at(10));

      await store.claimDueDeliveries({ now: at(15), limit: 1, leaseUntil: at(45) }); // leases a
      expect(await store.nextDueAt()).toEqual(at(20));
      await store.claimDueDeliveries({ now: at(25), limit: 1, leaseUntil: at(40) }); // leases b
      expect(await store.nextDueAt()).toEqual(at(40));

      const delivery = b.deliveries[0] as DeliveryRecord;
      await record({ attempt: attemptOf(delivery, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(26));
      expect(await store.nextDueAt()).toEqual(at(45));
      const other = a.deliveries[0] as DeliveryRecord;
      await record({ attempt: attemptOf(other, { outcome: 'FAILED' }), status: 'PENDING', nextAttemptAt: at(300) }, at(27));
      expect(await store.nextDueAt()).toEqual(at(300));
    });
  });

  describe('deliveries', () => {
    async function scenario() {
      const first = await addEndpoint({ events: ['*'] });
      const second = await addEndpoint({ events: ['order.created'] });
      const published = [];
      for (const [type, seconds] of [
        ['order.created', 1],
        ['order.shipped', 2],
        ['order.created', 2],
        ['order.created', 3],
      ] as const) {
        published.push(await store.publishEvent(publishRequest(type, { createdAt: at(seconds) })));
      }
      // Fail every delivery to the second endpoint for good.
      const claimed = await claimAll(at(10));
      for (const work of claimed.values()) {
        if (work.endpoint.id !== second.id) continue;
        await record({ attempt: attemptOf(work.delivery, { outcome: 'FAILED' }) }, at(11));
      }
      const all = published.flatMap((p) => p.deliveries);
      const newestFirst = (list: DeliveryRecord[]) =>
        list.toSorted((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id < x.id ? -1 : 1));
      return { first, second, all, newestFirst };
    }

    it('lists newest first, filtered by endpoint, status or both, and pages by keyset', async () => {
      const { first, second, all, newestFirst } = await scenario();
      expect(all).toHaveLength(7);
      const ids = (list: DeliveryRecord[]) => list.map((d) => d.id);

      expect(ids(await store.listDeliveries({ tenant: TENANT, first: 100, after: null }))).toEqual(ids(newestFirst(all)));
      expect(ids(await store.listDeliveries({ tenant: TENANT, first: 100, after: null, endpointId: first.id }))).toEqual(
        ids(newestFirst(all.filter((d) => d.endpointId === first.id))),
      );
      const failed = await store.listDeliveries({ tenant: TENANT, first: 100, after: null, status: 'FAILED' });
      expect(ids(failed)).toEqual(ids(newestFirst(all.filter((d) => d.endpointId === second.id))));
      expect(failed.every((d) => d.status === 'FAILED' && d.attemptCount === 1)).toBe(true);
      expect(await store.listDeliveries({ tenant: TENANT, first: 100, after: null, endpointId: first.id, status: 'FAILED' })).toEqual([]);
      expect(await store.listDeliveries({ tenant: TENANT, first: 100, after: null, endpointId: 'ep_unknown' })).toEqual([]);

      const paged: string[] = [];
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const page: DeliveryRecord[] = await store.listDeliveries({ tenant: TENANT, first: 3, after });
        if (page.length === 0) break;
        paged.push(...ids(page));
        const last = page.at(-1) as DeliveryRecord;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(paged).toEqual(ids(newestFirst(all)));

      const pendingOfFirst = await store.listDeliveries({ tenant: TENANT, first: 2, after: null, endpointId: first.id, status: 'PENDING' });
      const nextPage = await store.listDeliveries({
        tenant: TENANT,
        first: 10,
        after: { createdAt: pendingOfFirst[1]?.createdAt as Date, id: pendingOfFirst[1]?.id as string },
        endpointId: first.id,
        status: 'PENDING',
      });
      expect([...ids(pendingOfFirst), ...ids(nextPage)]).toEqual(ids(newestFirst(all.filter((d) => d.endpointId === first.id))));
    });

    it('reads deliveries, events and attempts by id, leaving out unknown ids', async () => {
      await addEndpoint();
      await addEndpoint();
      const { event, deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const [x, y] = deliveries as [DeliveryRecord, DeliveryRecord];
      await claimAll(at(1));
      const x1 = attemptOf(x, { outcome: 'FAILED' });
      await record({ attempt: x1, status: 'PENDING', nextAttemptAt: at(2) }, at(1.5));
      const y1 = attemptOf(y, { outcome: 'SUCCEEDED' });
      await record({ attempt: y1, status: 'SUCCEEDED' }, at(1.5));
      await claimAll(at(2));
      const x2 = attemptOf(await deliveryById(x.id), { outcome: 'SUCCEEDED', statusCode: 204 });
      await record({ attempt: x2, status: 'SUCCEEDED' }, at(2.5));

      expect(await store.getDeliveries(TENANT, [])).toEqual([]);
      expect((await store.getDeliveries(TENANT, ['dlv_unknown', y.id])).map((d) => d.id)).toEqual([y.id]);
      expect(await store.getEvents(TENANT, [])).toEqual([]);
      expect(await store.getEvents(TENANT, ['msg_unknown', event.id])).toEqual([event]);
      expect(await store.getAttempts([])).toEqual([]);
      expect(await store.getAttempts([y.id, 'dlv_unknown', x.id])).toEqual([x1, x2, y1]);
    });
  });

  describe('redeliver and recoverFailed', () => {
    it('redeliver starts a new series of a FAILED or SUCCEEDED delivery, due now; a PENDING one is left as it is', async () => {
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const delivery = deliveries[0] as DeliveryRecord;
      expect(await store.redeliver(TENANT, delivery.id, at(0.5))).toEqual({ outcome: 'STILL_PENDING', delivery }); // queued
      await claimAll(at(1));
      const leased = await deliveryById(delivery.id);
      expect(await store.redeliver(TENANT, delivery.id, at(1.5))).toEqual({ outcome: 'STILL_PENDING', delivery: leased }); // being attempted
      expect(await store.claimDueDeliveries({ now: at(1.6), limit: 10, leaseUntil: at(40) })).toEqual([]); // still leased
      const failed = await record({ attempt: attemptOf(delivery, { outcome: 'FAILED' }) }, at(2));

      const again = await store.redeliver(TENANT, delivery.id, at(100));
      const restarted = { status: 'PENDING', seriesAttempts: 0, attemptCount: 1, nextAttemptAt: at(100), updatedAt: at(100) };
      expect(again).toEqual({ outcome: 'STARTED', delivery: { ...failed, ...restarted } });
      expect(await deliveryById(delivery.id)).toEqual({ ...failed, ...restarted });
      expect(await store.redeliver(TENANT, delivery.id, at(101))).toMatchObject({ outcome: 'STILL_PENDING', delivery: { nextAttemptAt: at(100) } });
      const claimed = (await claimAll(at(101))).get(delivery.id);
      await record({ attempt: attemptOf(claimed!.delivery, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(102));
      expect(await store.redeliver(TENANT, delivery.id, at(103))).toMatchObject({ outcome: 'STARTED', delivery: { attemptCount: 2 } });

      expect(await store.redeliver(TENANT, 'dlv_unknown', at(104))).toEqual({ outcome: 'NOT_FOUND' });
    });

    it('starts one series when redeliver is asked for the same delivery many times at once', async () => {
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const delivery = deliveries[0] as DeliveryRecord;
      await claimAll(at(1));
      await record({ attempt: attemptOf(delivery, { outcome: 'FAILED' }) }, at(2));

      const outcomes = await Promise.all(Array.from({ length: 12 }, () => store.redeliver(TENANT, delivery.id, at(3))));
      expect(outcomes.filter((o) => o.outcome === 'STARTED')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'STILL_PENDING')).toHaveLength(11);
      expect((await claimAll(at(4))).size).toBe(1);
    });

    it('recoverFailed restarts the endpoint’s FAILED deliveries created since a time', async () => {
      const endpoint = await addEndpoint();
      const other = await addEndpoint();
      for (const seconds of [1, 2, 3]) await store.publishEvent(publishRequest('order.created', { createdAt: at(seconds) }));
      for (const work of (await claimAll(at(10))).values()) {
        const succeeded = work.endpoint.id === endpoint.id && work.delivery.createdAt.getTime() === at(3).getTime();
        const outcome = succeeded ? 'SUCCEEDED' : 'FAILED';
        await record({ attempt: attemptOf(work.delivery, { outcome }), status: outcome }, at(11));
      }

      expect(await store.recoverFailed(TENANT, endpoint.id, at(2), at(50))).toBe(1); // created at 2 (1 is too old, 3 succeeded)
      const mine = await store.listDeliveries({ tenant: TENANT, first: 10, after: null, endpointId: endpoint.id });
      expect(mine.map((d) => [d.createdAt.getTime() - T0, d.status, d.seriesAttempts])).toEqual([
        [3_000, 'SUCCEEDED', 1],
        [2_000, 'PENDING', 0],
        [1_000, 'FAILED', 1],
      ]);
      expect(mine[1]).toMatchObject({ nextAttemptAt: at(50), updatedAt: at(50), attemptCount: 1 });
      expect((await store.listDeliveries({ tenant: TENANT, first: 10, after: null, endpointId: other.id, status: 'FAILED' })).length).toBe(3);
      expect(await store.recoverFailed(TENANT, endpoint.id, at(0), at(51))).toBe(1);
      expect(await store.recoverFailed(TENANT, 'ep_unknown', at(0), at(52))).toBe(0);
    });
  });

  describe('tenants', () => {
    it('keeps another tenant’s endpoints out of reach: reads, updates, deletes, listings and counts', async () => {
      const mine = await addEndpoint({ events: ['order.created'], createdAt: at(1) });
      const theirs = await addEndpoint({ tenant: OTHER, events: ['order.created', 'order.shipped'], createdAt: at(2) });

      expect(await store.getEndpoints(OTHER, [mine.id, theirs.id])).toEqual([theirs]);
      expect(await store.getEndpoints(TENANT, [mine.id, theirs.id])).toEqual([mine]);
      expect(await store.listEndpoints({ tenant: TENANT, first: 10, after: null })).toEqual([mine]);
      expect(await store.listEndpoints({ tenant: OTHER, first: 10, after: null })).toEqual([theirs]);
      expect(await store.listEndpoints({ tenant: 'nobody', first: 10, after: null })).toEqual([]);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(1);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.shipped')).toBe(0);
      expect(await store.countEndpointsSubscribedTo(OTHER, 'order.shipped')).toBe(1);

      expect(await store.updateEndpoint(OTHER, mine.id, { name: 'taken', events: ['order.shipped'] }, at(10))).toBeNull();
      expect(await store.deleteEndpoint(OTHER, mine.id)).toBe(false);
      expect(await endpointById(mine.id)).toEqual(mine);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(1);
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.shipped')).toBe(0);

      expect(await store.updateEndpoint(OTHER, theirs.id, { events: ['order.shipped'] }, at(11))).toMatchObject({
        tenant: OTHER,
        events: ['order.shipped'],
      });
      expect(await store.countEndpointsSubscribedTo(TENANT, 'order.created')).toBe(1);
      expect(await store.countEndpointsSubscribedTo(OTHER, 'order.created')).toBe(0);
      expect(await store.deleteEndpoint(OTHER, theirs.id)).toBe(true);
      expect(await store.getEndpoints(TENANT, [mine.id])).toEqual([mine]);
    });

    it('keeps event types per tenant: the same name lives independently in each', async () => {
      const mine = eventTypeRecord('order.created', { title: 'Mine', example: { a: 1 } });
      const theirs = eventTypeRecord('order.created', { tenant: OTHER, title: 'Theirs' });
      expect(await store.insertEventType(mine)).toBe(true);
      expect(await store.insertEventType(theirs)).toBe(true);
      expect(await store.insertEventType({ ...theirs, title: 'Again' })).toBe(false);
      await store.insertEventType(eventTypeRecord('order.shipped'));

      expect(await store.getEventType(TENANT, 'order.created')).toEqual(mine);
      expect(await store.getEventType(OTHER, 'order.created')).toEqual(theirs);
      expect(await store.getEventType(OTHER, 'order.shipped')).toBeNull();
      expect((await store.listEventTypes(TENANT)).map((t) => t.name)).toEqual(['order.created', 'order.shipped']);
      expect(await store.listEventTypes(OTHER)).toEqual([theirs]);

      expect(await store.updateEventType(OTHER, 'order.shipped', { title: 'x' }, at(5))).toBeNull();
      expect(await store.deleteEventType(OTHER, 'order.shipped')).toBe(false);
      expect(await store.updateEventType(OTHER, 'order.created', { title: 'Renamed' }, at(6))).toEqual({
        ...theirs,
        title: 'Renamed',
        updatedAt: at(6),
      });
      expect(await store.getEventType(TENANT, 'order.created')).toEqual(mine);
      expect(await store.deleteEventType(OTHER, 'order.created')).toBe(true);
      expect(await store.getEventType(TENANT, 'order.created')).toEqual(mine);
      expect(await store.listEventTypes(OTHER)).toEqual([]);
    });

    it('fans out only to the endpoints of the event’s tenant, and hides events and deliveries from other tenants', async () => {
      const mineAll = await addEndpoint({ events: ['*'] });
      const mineCreated = await addEndpoint({ events: ['order.created'] });
      const theirsAll = await addEndpoint({ tenant: OTHER, events: ['*'] });
      await addEndpoint({ tenant: OTHER, events: ['order.shipped'] });

      const mine = await store.publishEvent(publishRequest('order.created', { createdAt: at(1) }));
      expect(mine.event.tenant).toBe(TENANT);
      expect(mine.deliveries.map((d) => [d.endpointId, d.tenant])).toEqual([
        [mineAll.id, TENANT],
        [mineCreated.id, TENANT],
      ]);
      const theirs = await store.publishEvent(publishRequest('order.created', { tenant: OTHER, createdAt: at(2) }));
      expect(theirs.deliveries.map((d) => [d.endpointId, d.tenant])).toEqual([[theirsAll.id, OTHER]]);

      const mineIds = mine.deliveries.map((d) => d.id);
      expect(await store.getEvents(OTHER, [mine.event.id])).toEqual([]);
      expect(await store.getEvents(OTHER, [mine.event.id, theirs.event.id])).toEqual([theirs.event]);
      expect(await store.getDeliveries(OTHER, mineIds)).toEqual([]);
      expect((await store.getDeliveries(TENANT, mineIds)).map((d) => d.tenant)).toEqual([TENANT, TENANT]);
      expect((await store.listDeliveries({ tenant: OTHER, first: 10, after: null })).map((d) => d.id)).toEqual(
        theirs.deliveries.map((d) => d.id),
      );
      expect(await store.listDeliveries({ tenant: OTHER, first: 10, after: null, endpointId: mineAll.id })).toEqual([]);
      expect(await store.listDeliveries({ tenant: OTHER, first: 10, after: null, status: 'PENDING' })).toHaveLength(1);
      expect(await store.listDeliveries({ tenant: TENANT, first: 10, after: null, status: 'PENDING' })).toHaveLength(2);

      // The worker's queue is global: it claims every tenant's work, each with its own tenant.
      const claimed = await claimAll(at(5));
      expect(claimed.size).toBe(3);
      for (const work of claimed.values()) {
        expect(work.endpoint.tenant).toBe(work.delivery.tenant);
        expect(work.event.tenant).toBe(work.delivery.tenant);
      }
      expect(await store.queueStats()).toEqual({ pending: 3, oldestPendingAt: at(1) });
    });

    it('keeps idempotency keys per tenant', async () => {
      await addEndpoint();
      await addEndpoint({ tenant: OTHER });
      const mine = await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(0) }));
      const theirs = await store.publishEvent(publishRequest('order.created', { tenant: OTHER, idempotencyKey: 'key-1', createdAt: at(1) }));
      expect(theirs.duplicate).toBe(false);
      expect(theirs.event.id).not.toBe(mine.event.id);
      expect(theirs.deliveries.map((d) => d.tenant)).toEqual([OTHER]);

      const mineAgain = await store.publishEvent(publishRequest('order.created', { idempotencyKey: 'key-1', createdAt: at(2) }));
      expect(mineAgain).toMatchObject({ duplicate: true, event: mine.event, deliveries: mine.deliveries });
      const theirsAgain = await store.publishEvent(
        publishRequest('order.created', { tenant: OTHER, idempotencyKey: 'key-1', createdAt: at(3) }),
      );
      expect(theirsAgain).toMatchObject({ duplicate: true, event: theirs.event, deliveries: theirs.deliveries });
      expect((await store.queueStats()).pending).toBe(2);
    });

    it('cannot redeliver or recover another tenant’s deliveries', async () => {
      const endpoint = await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const delivery = deliveries[0] as DeliveryRecord;
      await claimAll(at(1));
      const failed = await record({ attempt: attemptOf(delivery, { outcome: 'FAILED' }) }, at(2));

      expect(await store.redeliver(OTHER, delivery.id, at(3))).toEqual({ outcome: 'NOT_FOUND' });
      expect(await store.recoverFailed(OTHER, endpoint.id, at(0), at(3))).toBe(0);
      expect(await deliveryById(delivery.id)).toEqual(failed);
      expect(await store.nextDueAt()).toBeNull();

      expect(await store.recoverFailed(TENANT, endpoint.id, at(0), at(4))).toBe(1);
      expect(await deliveryById(delivery.id)).toMatchObject({ status: 'PENDING', nextAttemptAt: at(4) });
    });
  });

  describe('attempt events', () => {
    it('numbers attempts with a seq that increases store-wide; lastAttemptSeq is the highest, 0 when none', async () => {
      expect(await store.lastAttemptSeq()).toBe(0);
      await addEndpoint();
      await addEndpoint();
      await addEndpoint({ tenant: OTHER });
      const mine = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const theirs = await store.publishEvent(publishRequest('order.created', { tenant: OTHER, createdAt: at(0) }));
      await claimAll(at(1));

      const [x, y] = mine.deliveries as [DeliveryRecord, DeliveryRecord];
      const z = theirs.deliveries[0] as DeliveryRecord;
      const first = await recordWithSeq({ attempt: attemptOf(x, { outcome: 'FAILED' }), status: 'PENDING', nextAttemptAt: at(3) }, at(2));
      const second = await recordWithSeq({ attempt: attemptOf(z, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(2));
      const third = await recordWithSeq({ attempt: attemptOf(y, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(2));
      const afterFirst = await deliveryById(x.id);
      expect(afterFirst).toMatchObject({ id: x.id, status: 'PENDING', nextAttemptAt: at(3), attemptCount: 1 });
      expect(Number.isSafeInteger(first.seq) && first.seq > 0).toBe(true);
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(third.seq).toBeGreaterThan(second.seq);
      expect(await store.lastAttemptSeq()).toBe(third.seq);

      await claimAll(at(3));
      const fourth = await recordWithSeq(
        { attempt: attemptOf(afterFirst, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' },
        at(4),
      );
      expect(fourth.seq).toBeGreaterThan(third.seq);
      expect(await store.lastAttemptSeq()).toBe(fourth.seq);
    });

    it('lists a tenant’s attempts after a seq, oldest first, with the delivery’s state right after each, filtered', async () => {
      const all = await addEndpoint({ events: ['*'] });
      const shipped = await addEndpoint({ events: ['order.shipped'] });
      await addEndpoint({ tenant: OTHER, events: ['*'] });
      const created = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const shipment = await store.publishEvent(publishRequest('order.shipped', { createdAt: at(0) }));
      const theirs = await store.publishEvent(publishRequest('order.created', { tenant: OTHER, createdAt: at(0) }));
      const claimed = await claimAll(at(1));
      expect(claimed.size).toBe(4);
      const createdToAll = created.deliveries[0] as DeliveryRecord;
      const shipmentTo = (endpoint: EndpointRecord) => shipment.deliveries.find((d) => d.endpointId === endpoint.id) as DeliveryRecord;

      const a1 = attemptOf(createdToAll, { outcome: 'FAILED', statusCode: 503, startedAt: at(1) });
      const s1 = await recordWithSeq({ attempt: a1, status: 'PENDING', nextAttemptAt: at(5) }, at(1.5));
      const a2 = attemptOf(shipmentTo(shipped), { outcome: 'SUCCEEDED', startedAt: at(1) });
      const s2 = await recordWithSeq({ attempt: a2, status: 'SUCCEEDED' }, at(1.6));
      const a3 = attemptOf(theirs.deliveries[0] as DeliveryRecord, { outcome: 'FAILED', startedAt: at(1) });
      const s3 = await recordWithSeq({ attempt: a3, status: 'FAILED' }, at(1.7));
      const a4 = attemptOf(shipmentTo(all), { outcome: 'FAILED', statusCode: 410, startedAt: at(1) });
      const s4 = await recordWithSeq({ attempt: a4, status: 'FAILED' }, at(1.8));
      await claimAll(at(5));
      const a5 = attemptOf(await deliveryById(createdToAll.id), { outcome: 'SUCCEEDED', startedAt: at(5) });
      const s5 = await recordWithSeq({ attempt: a5, status: 'SUCCEEDED' }, at(5.5));

      const mine = await store.listAttemptEvents({ tenant: TENANT, afterSeq: 0, limit: 100 });
      expect(mine).toEqual([
        {
          seq: s1.seq,
          attempt: a1,
          tenant: TENANT,
          endpointId: all.id,
          eventId: created.event.id,
          eventType: 'order.created',
          deliveryStatus: 'PENDING',
          nextAttemptAt: at(5),
          recordedAt: at(1.5),
        },
        {
          seq: s2.seq,
          attempt: a2,
          tenant: TENANT,
          endpointId: shipped.id,
          eventId: shipment.event.id,
          eventType: 'order.shipped',
          deliveryStatus: 'SUCCEEDED',
          nextAttemptAt: null,
          recordedAt: at(1.6),
        },
        {
          seq: s4.seq,
          attempt: a4,
          tenant: TENANT,
          endpointId: all.id,
          eventId: shipment.event.id,
          eventType: 'order.shipped',
          deliveryStatus: 'FAILED',
          nextAttemptAt: null,
          recordedAt: at(1.8),
        },
        {
          seq: s5.seq,
          attempt: a5,
          tenant: TENANT,
          endpointId: all.id,
          eventId: created.event.id,
          eventType: 'order.created',
          deliveryStatus: 'SUCCEEDED',
          nextAttemptAt: null,
          recordedAt: at(5.5),
        },
      ]);

      const seqs = async (request: { tenant?: string; afterSeq?: number; endpointId?: string; eventTypes?: string[]; limit?: number }) =>
        (await store.listAttemptEvents({ tenant: TENANT, afterSeq: 0, limit: 100, ...request })).map((e) => e.seq);
      expect(await seqs({ afterSeq: s2.seq })).toEqual([s4.seq, s5.seq]);
      expect(await seqs({ afterSeq: s5.seq })).toEqual([]);
      expect(await seqs({ limit: 2 })).toEqual([s1.seq, s2.seq]);
      expect(await seqs({ afterSeq: s1.seq, limit: 1 })).toEqual([s2.seq]);
      expect(await seqs({ endpointId: shipped.id })).toEqual([s2.seq]);
      expect(await seqs({ endpointId: all.id })).toEqual([s1.seq, s4.seq, s5.seq]);
      expect(await seqs({ eventTypes: ['order.shipped'] })).toEqual([s2.seq, s4.seq]);
      expect(await seqs({ eventTypes: ['order.created', 'order.shipped'] })).toEqual([s1.seq, s2.seq, s4.seq, s5.seq]);
      expect(await seqs({ eventTypes: [] })).toEqual([]); // as the live subscription: an empty list matches nothing
      expect(await seqs({ endpointId: all.id, eventTypes: ['order.created'], afterSeq: s1.seq })).toEqual([s5.seq]);
      expect(await seqs({ endpointId: 'ep_unknown' })).toEqual([]);

      expect(await seqs({ tenant: OTHER })).toEqual([s3.seq]);
      expect(await seqs({ tenant: OTHER, endpointId: all.id })).toEqual([]);
      expect(await seqs({ tenant: 'nobody' })).toEqual([]);
      expect(await store.lastAttemptSeq()).toBe(s5.seq);

      // The subscription sweep's read: every tenant's, by seq alone.
      const everyones = await store.listAttemptEventsOfAllTenants(s1.seq, 100);
      expect(everyones.map((e) => [e.seq, e.tenant])).toEqual([[s2.seq, TENANT], [s3.seq, OTHER], [s4.seq, TENANT], [s5.seq, TENANT]]);
      expect(everyones[1]).toEqual({ ...mine[0], seq: s3.seq, attempt: a3, tenant: OTHER, endpointId: theirs.deliveries[0]?.endpointId, eventId: theirs.event.id, deliveryStatus: 'FAILED', nextAttemptAt: null, recordedAt: at(1.7) });
      expect((await store.listAttemptEventsOfAllTenants(0, 2)).map((e) => e.seq)).toEqual([s1.seq, s2.seq]);
    });
  });

  describe('renewLeases', () => {
    it('keeps a claimed delivery from being claimed again after its original lease time', async () => {
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const id = (deliveries[0] as DeliveryRecord).id;
      expect((await claimAll(at(1), 30)).has(id)).toBe(true); // leased until 31

      await store.renewLeases([id, 'dlv_unknown'], at(91));
      expect(await store.claimDueDeliveries({ now: at(31.001), limit: 10, leaseUntil: at(61) })).toEqual([]);
      expect(await store.nextDueAt()).toEqual(at(91));
      expect(await store.claimDueDeliveries({ now: at(91), limit: 10, leaseUntil: at(121) })).toEqual([]);
      expect((await store.claimDueDeliveries({ now: at(91.001), limit: 10, leaseUntil: at(121) })).map((w) => w.delivery.id)).toEqual([id]);
      await store.renewLeases([], at(500));
    });

    it('renews only deliveries still leased and PENDING, and never shortens a lease', async () => {
      await addEndpoint();
      await addEndpoint();
      const { deliveries } = await store.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
      const [retried, done] = deliveries as [DeliveryRecord, DeliveryRecord];
      await claimAll(at(1), 30);
      // The attempts were recorded (releasing the leases) before a renewal that raced with them.
      await record({ attempt: attemptOf(retried, { outcome: 'FAILED' }), status: 'PENDING', nextAttemptAt: at(5) }, at(2));
      await record({ attempt: attemptOf(done, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(2));
      await store.renewLeases([retried.id, done.id], at(100));
      expect(await store.nextDueAt()).toEqual(at(5));
      expect([...(await claimAll(at(5), 30)).keys()]).toEqual([retried.id]); // leased until 35

      await store.renewLeases([retried.id], at(10));
      expect(await store.claimDueDeliveries({ now: at(20), limit: 10, leaseUntil: at(50) })).toEqual([]);
      expect(await store.nextDueAt()).toEqual(at(35));

      // A redelivery cannot take a leased delivery from its sender.
      expect(await store.redeliver(TENANT, retried.id, at(21))).toMatchObject({ outcome: 'STILL_PENDING' });
      expect(await store.nextDueAt()).toEqual(at(35));
    });
  });

  describe('API keys', () => {
    function apiKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
      return {
        id: newId('key'),
        tenant: TENANT,
        name: 'ci',
        scopes: ['webhooks:read', 'events:publish'],
        hash: 'a'.repeat(64),
        createdAt: at(0),
        revokedAt: null,
        ...overrides,
      };
    }

    it('stores keys, reads one by id, and lists newest first, per tenant or all', async () => {
      const oldest = apiKey({ createdAt: at(1) });
      const theirs = apiKey({ tenant: OTHER, name: null, scopes: ['admin'], createdAt: at(2) });
      const newest = apiKey({ createdAt: at(3.5), hash: 'b'.repeat(64), scopes: [] });
      const revoked = apiKey({ createdAt: at(2), revokedAt: at(2.5) });
      for (const key of [oldest, theirs, newest, revoked]) await store.insertApiKey(key);
      await expect(store.insertApiKey({ ...oldest, name: 'same id' })).rejects.toThrow();

      expect(await store.getApiKey(theirs.id)).toEqual(theirs);
      expect(await store.getApiKey(revoked.id)).toEqual(revoked);
      expect(await store.getApiKey('key_unknown')).toBeNull();
      expect(await store.listApiKeys(TENANT)).toEqual([newest, revoked, oldest]);
      expect(await store.listApiKeys(OTHER)).toEqual([theirs]);
      expect(await store.listApiKeys('nobody')).toEqual([]);
      // Ties on createdAt: by id, descending (revoked's id is the higher).
      expect(await store.listApiKeys(null)).toEqual([newest, revoked, theirs, oldest]);
      expect(await store.countActiveApiKeys()).toBe(3);
    });

    it('revokes a key once, keeping it listed, and counts only active keys', async () => {
      expect(await store.countActiveApiKeys()).toBe(0);
      const key = apiKey();
      const other = apiKey({ tenant: OTHER });
      await store.insertApiKey(key);
      await store.insertApiKey(other);
      expect(await store.countActiveApiKeys()).toBe(2);

      expect(await store.revokeApiKey(key.id, at(10))).toBe(true);
      expect(await store.revokeApiKey(key.id, at(11))).toBe(false);
      expect(await store.revokeApiKey('key_unknown', at(12))).toBe(false);
      expect(await store.getApiKey(key.id)).toEqual({ ...key, revokedAt: at(10) });
      expect(await store.listApiKeys(TENANT)).toEqual([{ ...key, revokedAt: at(10) }]);
      expect(await store.countActiveApiKeys()).toBe(1);
      expect(await store.getApiKey(other.id)).toEqual(other);
      expect(await store.activeApiKeyIds([key.id, other.id, 'key_unknown'])).toEqual(new Set([other.id]));
      expect(await store.activeApiKeyIds([])).toEqual(new Set());
    });
  });

  describe('queueStats, ping and close', () => {
    it('counts PENDING deliveries and reports the oldest', async () => {
      expect(await store.queueStats()).toEqual({ pending: 0, oldestPendingAt: null });
      await addEndpoint();
      const first = await store.publishEvent(publishRequest('order.created', { createdAt: at(1) }));
      await store.publishEvent(publishRequest('order.created', { createdAt: at(2) }));
      await store.publishEvent(publishRequest('order.created', { createdAt: at(3) }));
      expect(await store.queueStats()).toEqual({ pending: 3, oldestPendingAt: at(1) });

      await claimAll(at(5));
      const delivery = first.deliveries[0] as DeliveryRecord;
      await record({ attempt: attemptOf(delivery, { outcome: 'SUCCEEDED' }), status: 'SUCCEEDED' }, at(6));
      expect(await store.queueStats()).toEqual({ pending: 2, oldestPendingAt: at(2) });
    });

    it('answers ping, and closes (twice is fine)', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
});

describe('PostgreSQL store across instances', () => {
  if (standInIfUnavailable(POSTGRES_UNAVAILABLE)) return;
  let shared: PostgresSchema;
  let elsewhere: PostgresSchema;
  beforeAll(async () => {
    [shared, elsewhere] = await Promise.all([createPostgresSchema(), createPostgresSchema()]);
  });
  afterAll(async () => {
    await Promise.all([shared?.drop(), elsewhere?.drop()]);
  });
  beforeEach(async () => {
    await Promise.all([shared.empty(), elsewhere.empty()]);
  });
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(schema: string, options: { applicationName?: string; log?: (message: string, error: unknown) => void } = {}) {
    const store = await PostgresStore.open({ connectionString: POSTGRES_URL, schema, maxConnections: 3, ...options });
    cleanups.push(() => store.close());
    return store;
  }

  it('migrates once when several instances open a new schema at the same time', async () => {
    const schema = freshSchemaName();
    cleanups.push(() => PostgresStore.dropSchema(POSTGRES_URL, schema));
    const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));

    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
    }
    await stores[0]?.insertEventType(eventTypeRecord('order.created'));
    for (const store of stores) expect((await store.listEventTypes(TENANT)).map((t) => t.name)).toEqual(['order.created']);
  });

  it('never hands the same delivery to two instances claiming at once', async () => {
    const [a, b] = await Promise.all([open(shared.name), open(shared.name)]);
    for (let i = 0; i < 3; i += 1) await a.insertEndpoint(endpointRecord());
    for (let i = 0; i < 40; i += 1) await a.publishEvent(publishRequest('order.created', { createdAt: at(i / 10) }));

    // Four claimers (two per instance) claim at once, round after round, until the queue runs dry:
    // rounds in lockstep, so that on a busy machine one instance cannot drain it all before the other starts.
    const claimers = [a, b, a, b];
    const byClaimer: string[][] = claimers.map(() => []);
    for (let round = 0; ; round += 1) {
      if (round >= 100) throw new Error('claims never ran dry');
      const claims = await Promise.all(claimers.map((store) => store.claimDueDeliveries({ now: at(60), limit: 4, leaseUntil: at(120) })));
      claims.forEach((claimed, i) => byClaimer[i]!.push(...claimed.map((work) => work.delivery.id)));
      if (claims.every((claimed) => claimed.length === 0)) break;
    }
    const [a1, b1, a2, b2] = byClaimer as [string[], string[], string[], string[]];
    const byA = [...a1, ...a2];
    const byB = [...b1, ...b2];
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    const all = [...byA, ...byB];
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
  });

  it('leaves other instances’ leases alone when an instance opens', async () => {
    const a = await open(shared.name);
    await a.insertEndpoint(endpointRecord());
    await a.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
    expect(await a.claimDueDeliveries({ now: at(1), limit: 10, leaseUntil: at(60) })).toHaveLength(1);

    const b = await open(shared.name);
    expect(await b.claimDueDeliveries({ now: at(2), limit: 10, leaseUntil: at(62) })).toEqual([]);
    expect(await b.claimDueDeliveries({ now: at(61), limit: 10, leaseUntil: at(91) })).toHaveLength(1);
  });

  it('wakes other instances’ listeners when deliveries fall due, and only those on the same schema', async () => {
    const [a, b, c] = await Promise.all([open(shared.name), open(shared.name), open(elsewhere.name)]);
    let woken = 0;
    let wokenElsewhere = 0;
    const stop = await b.onDeliveriesDue(() => (woken += 1));
    await c.onDeliveriesDue(() => (wokenElsewhere += 1));
    const settle = () => sleep(100);

    const endpoint = endpointRecord({ events: ['order.created'] });
    await a.insertEndpoint(endpoint);
    await a.publishEvent(publishRequest('order.shipped')); // no deliveries: nothing to wake for
    const { deliveries } = await a.publishEvent(publishRequest('order.created', { createdAt: at(0) }));
    await waitFor(() => woken >= 1, 30_000);
    await settle();
    expect(woken).toBe(1);

    const delivery = deliveries[0] as DeliveryRecord;
    await a.claimDueDeliveries({ now: at(1), limit: 10, leaseUntil: at(31) });
    const failForGood = async (failing: DeliveryRecord, now: Date) =>
      a.recordAttempt({ attempt: attemptOf(failing, { outcome: 'FAILED' }), status: 'FAILED', nextAttemptAt: null, disableEndpoint: null }, now);
    await failForGood(delivery, at(2));
    await a.redeliver(TENANT, delivery.id, at(3));
    await waitFor(() => woken >= 2, 30_000);

    await a.claimDueDeliveries({ now: at(4), limit: 10, leaseUntil: at(34) });
    const again = await a.getDeliveries(TENANT, [delivery.id]);
    await failForGood(again[0] as DeliveryRecord, at(5));
    expect(await a.recoverFailed(TENANT, endpoint.id, at(0), at(6))).toBe(1);
    await waitFor(() => woken >= 3, 30_000);
    expect(await a.recoverFailed(TENANT, endpoint.id, at(0), at(7))).toBe(0);
    expect(await a.redeliver(TENANT, 'dlv_unknown', at(8))).toEqual({ outcome: 'NOT_FOUND' });
    await settle();
    expect(woken).toBe(3);
    expect(wokenElsewhere).toBe(0);

    await stop();
    await failForGood((await a.getDeliveries(TENANT, [delivery.id]))[0] as DeliveryRecord, at(8.5));
    expect(await a.redeliver(TENANT, delivery.id, at(9))).toMatchObject({ outcome: 'STARTED' });
    await settle();
    expect(woken).toBe(3);
  });

  it('re-establishes a dropped LISTEN connection, waking listeners when it is back', async () => {
    const applicationName = `hookgate_test_${shared.name.slice(-12)}`;
    const logged: string[] = [];
    const a = await open(shared.name);
    const b = await open(shared.name, { applicationName, log: (message) => logged.push(message) });
    let woken = 0;
    await b.onDeliveriesDue(() => (woken += 1));

    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ terminated: boolean }>(
        'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1',
        [`${applicationName} listener`],
      );
      expect(rows).toEqual([{ terminated: true }]);
    } finally {
      await admin.end();
    }
    await waitFor(() => woken >= 1, 30_000);
    expect(logged).toContain('the LISTEN connection dropped; reconnecting');

    await a.insertEndpoint(endpointRecord());
    await a.publishEvent(publishRequest('order.created'));
    await waitFor(() => woken >= 2, 30_000);
  });

  it('rejects a schema name that is not a plain lowercase identifier', async () => {
    await expect(PostgresStore.open({ connectionString: POSTGRES_URL, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(RangeError);
    await expect(PostgresStore.open({ connectionString: POSTGRES_URL, schema: 'MixedCase' })).rejects.toThrow(/lowercase/);
  });
});
