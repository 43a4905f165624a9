import { DeliveryInFlightError, ValidationError } from '../errors.ts';
import { decodeDeliveryCursor, encodeDeliveryCursor } from '../delivery/delivery-cursor.ts';
import type { DeliveryEvent } from '../delivery/delivery-event.ts';
import type { GraphQLContext } from '../context.ts';
import { deliveryEventStream } from '../subscriptions/delivery-event-stream.ts';
import {
  DELIVERY_STATUSES,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type EventRecord,
  type PublishOutcome,
} from '../store/store.ts';
import { checkPageSize } from '../webhooks/list-webhooks.ts';
import { decodeWebhookId, encodeWebhookId } from '../webhooks/webhook-id.ts';
import { builder } from './builder.ts';
import { PageInfoRef, type PageInfoShape, pageInfo } from './page-info.ts';
import { WebhookRef } from './webhook.ts';

export const DeliveryStatusEnum = builder.enumType('DeliveryStatus', {
  description: 'PENDING: waiting for its next attempt. SUCCEEDED: a 2xx arrived. FAILED: out of attempts or the endpoint is off.',
  values: {
    PENDING: { description: 'Waiting for its next attempt.' },
    SUCCEEDED: { description: 'An attempt was answered 2xx.' },
    FAILED: { description: 'Out of attempts, or the endpoint was switched off; `redeliver` sends it again.' },
  } satisfies Record<(typeof DELIVERY_STATUSES)[number], { description: string }>,
});

const AttemptOutcomeEnum = builder.enumType('AttemptOutcome', {
  description: 'How one attempt went.',
  values: {
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Any other status, a timeout, a refused or blocked connection.' },
  },
});

const PublishedEventRef = builder.objectRef<EventRecord>('PublishedEvent').implement({
  description: 'An event published to the LOCAL provider.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Also the `webhook-id` header of every delivery of this event.' }),
    eventType: t.exposeString('eventType', { description: 'Its event type, from the LOCAL catalogue.' }),
    payload: t.field({ type: 'JSON', description: 'The `data` sent to endpoints.', resolve: (e) => e.payload }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true, description: 'The key it was published with, if any.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was published.', resolve: (e) => e.createdAt }),
  }),
});

const DeliveryAttemptRef = builder.objectRef<AttemptRecord>('DeliveryAttempt').implement({
  description: 'One HTTP request of a delivery, recorded before the delivery moved on.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The attempt id.' }),
    attemptNumber: t.exposeInt('attemptNumber', { description: '1 for the first attempt of the delivery.' }),
    outcome: t.field({ type: AttemptOutcomeEnum, description: 'How it went.', resolve: (a) => a.outcome }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: "The endpoint's HTTP status; null when none arrived." }),
    durationMs: t.exposeFloat('durationMs', { description: 'From sending to the end of the answer, in milliseconds.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed: status, timeout, refusal.' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'At most the first 1 KiB.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When it was sent.', resolve: (a) => a.startedAt }),
  }),
});

export const DeliveryRef = builder.objectRef<DeliveryRecord>('Delivery').implement({
  description: 'One event on its way to one endpoint.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The delivery id, for `delivery` and `redeliver`.' }),
    status: t.field({ type: DeliveryStatusEnum, description: 'Where it stands.', resolve: (d) => d.status }),
    attemptCount: t.exposeInt('attemptCount', { description: 'Attempts made so far.' }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, description: 'When the next attempt is due; null unless PENDING.', resolve: (d) => d.nextAttemptAt }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true, description: 'HTTP status of the latest attempt, if one arrived.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the latest attempt failed, if it did.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was queued.', resolve: (d) => d.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (d) => d.updatedAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, description: 'When an attempt succeeded; null until then.', resolve: (d) => d.deliveredAt }),
    webhookId: t.id({ description: 'The LOCAL webhook it goes to.', resolve: (d) => encodeWebhookId({ provider: 'LOCAL', externalId: d.endpointId, scope: null }) }),
    webhook: t.field({
      type: WebhookRef,
      nullable: true,
      description: 'The webhook it goes to; null once that was deleted.',
      resolve: (d, _args, ctx) => ctx.loaders.webhook.load({ provider: 'LOCAL', externalId: d.endpointId, scope: null }),
    }),
    event: t.field({
      type: PublishedEventRef,
      description: 'The event being delivered.',
      resolve: async (d, _args, ctx) => {
        const event = await ctx.loaders.event.load(d.eventId);
        if (!event) throw new Error(`event ${d.eventId} of delivery ${d.id} is missing`);
        return event;
      },
    }),
    attempts: t.field({ type: [DeliveryAttemptRef], description: 'Every attempt so far, oldest first.', resolve: (d, _args, ctx) => ctx.loaders.attempts.load(d.id) }),
  }),
});

interface DeliveryConnectionShape {
  edges: { node: DeliveryRecord; cursor: string }[];
  pageInfo: PageInfoShape;
}

const DeliveryEdgeRef = builder.objectRef<{ node: DeliveryRecord; cursor: string }>('DeliveryEdge').implement({
  description: 'One delivery of a page, with its cursor.',
  fields: (t) => ({
    node: t.field({ type: DeliveryRef, description: 'The delivery.', resolve: (e) => e.node }),
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this delivery.' }),
  }),
});

const DeliveryConnectionRef = builder.objectRef<DeliveryConnectionShape>('DeliveryConnection').implement({
  description: 'A page of deliveries, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [DeliveryEdgeRef], description: 'The deliveries of this page with their cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [DeliveryRef], description: 'The deliveries of this page.', resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, description: 'Where this page sits.', resolve: (c) => c.pageInfo }),
  }),
});

async function listDeliveries(
  ctx: GraphQLContext,
  args: { endpointId?: string | undefined; status?: DeliveryStatus | null | undefined; first?: number | null; after?: string | null },
): Promise<DeliveryConnectionShape> {
  const first = checkPageSize(args.first);
  const rows = await ctx.store.listDeliveries({
    tenant: ctx.principal.tenant,
    endpointId: args.endpointId,
    status: args.status ?? undefined,
    first: first + 1,
    after: args.after ? decodeDeliveryCursor(args.after) : null,
  });
  const edges = rows.slice(0, first).map((node) => {
    ctx.loaders.delivery.prime(node.id, node);
    return { node, cursor: encodeDeliveryCursor(node) };
  });
  return { edges, pageInfo: pageInfo(edges, rows.length > first, args.after) };
}

function localEndpointId(webhookId: string, path: string[]): string {
  const ref = decodeWebhookId(webhookId, path);
  if (ref.provider !== 'LOCAL') throw ValidationError.field(path, 'deliveries are tracked for LOCAL webhooks only');
  return ref.externalId;
}

builder.objectField(WebhookRef, 'deliveries', (t) =>
  t.field({
    type: DeliveryConnectionRef,
    description: 'Deliveries to this endpoint, newest first (LOCAL only; empty for proxied providers).',
    args: {
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
      status: t.arg({ type: DeliveryStatusEnum, description: 'Only deliveries in this state.' }),
    },
    resolve: (webhook, args, ctx) =>
      webhook.provider === 'LOCAL'
        ? listDeliveries(ctx, { ...args, endpointId: webhook.externalId })
        : { edges: [], pageInfo: pageInfo([], false, null) },
  }),
);

builder.queryFields((t) => ({
  deliveries: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: DeliveryConnectionRef,
    description: 'LOCAL deliveries, newest first.',
    args: {
      webhookId: t.arg.id({ description: 'Only deliveries to this LOCAL webhook.' }),
      status: t.arg({ type: DeliveryStatusEnum, description: 'Only deliveries in this state.' }),
      first: t.arg.int({ description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: (_root, args, ctx) =>
      listDeliveries(ctx, { ...args, endpointId: args.webhookId ? localEndpointId(args.webhookId, ['webhookId']) : undefined }),
  }),
  delivery: t.field({
    authScopes: { scope: 'webhooks:read' },
    type: DeliveryRef,
    nullable: true,
    description: 'One LOCAL delivery by id, with its attempts; null when it does not exist.',
    args: { id: t.arg.id({ required: true, description: 'The delivery id.' }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.delivery.load(id),
  }),
}));

const PublishEventInput = builder.inputType('PublishEventInput', {
  description: 'An event to send to every LOCAL endpoint subscribed to its type.',
  fields: (t) => ({
    event: t.string({ required: true, description: 'An event type of the LOCAL catalogue.' }),
    payload: t.field({ type: 'JSON', required: true, description: 'Valid against the type\'s JSON Schema; 256 KiB at most.' }),
    idempotencyKey: t.string({ description: 'The same key within 24 h returns the first event and sends nothing new.' }),
  }),
});

const PublishEventSuccessRef = builder.simpleObject('PublishEventSuccess', {
  description: 'The event is stored and its deliveries are queued.',
  fields: (f) => ({
    event: f.field({ type: PublishedEventRef, description: 'The stored event.' }),
    deliveries: f.field({ type: [DeliveryRef], description: 'One per subscribed active endpoint, PENDING.' }),
    duplicate: f.boolean({ description: 'True when the idempotency key matched an earlier event.' }),
  }),
});

const PublishEventsSuccessRef = builder.objectRef<{ results: (PublishOutcome | ValidationError)[] }>('PublishEventsSuccess').implement({
  description: 'The batch was taken: every accepted event of it was written in one transaction.',
  fields: (t) => ({
    results: t.field({
      type: [PublishEventSuccessRef],
      itemErrors: {
        types: [ValidationError],
        union: {
          name: 'PublishEventOutcome',
          description: 'What became of one input: published (or a duplicate of an earlier event), or refused and why.',
        },
      },
      description: 'One per input, in input order.',
      // A ValidationError item becomes that member of the item union (itemErrors); Pothos types
      // the resolver's items as the success shape only.
      resolve: (success) => success.results as PublishOutcome[],
    }),
  }),
});

builder.mutationFields((t) => ({
  publishEvent: t.field({
    authScopes: { scope: 'events:publish' },
    type: PublishEventSuccessRef,
    errors: { union: { name: 'PublishEventResult' } },
    description: 'Stores the event and queues one delivery per subscribed endpoint; returns before any is sent.',
    args: { input: t.arg({ type: PublishEventInput, required: true, description: 'The event.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.deliveries.publish({
        tenant: ctx.principal.tenant,
        event: input.event,
        payload: input.payload,
        idempotencyKey: input.idempotencyKey ?? null,
      }),
  }),
  publishEvents: t.field({
    authScopes: { scope: 'events:publish' },
    type: PublishEventsSuccessRef,
    errors: { union: { name: 'PublishEventsResult', description: 'The batch\'s results, or why the whole batch was refused (nothing written).' } },
    description:
      'Publishes several events in one request and one transaction: the way to publish at volume. Each input is validated and ' +
      'idempotent as in `publishEvent`; a refused input gets its ValidationError in `results` and does not stop the others. ' +
      'More inputs than `HOOKGATE_PUBLISH_BATCH_MAX` (100 by default) refuse the whole batch with a ValidationError on `inputs`.',
    args: {
      inputs: t.arg({
        type: [PublishEventInput],
        required: true,
        description: 'The events, at most `HOOKGATE_PUBLISH_BATCH_MAX`; an idempotency key repeated here returns the first.',
      }),
    },
    resolve: async (_root, { inputs }, ctx) => ({
      results: await ctx.deliveries.publishMany(
        ctx.principal.tenant,
        inputs.map((input) => ({ event: input.event, payload: input.payload, idempotencyKey: input.idempotencyKey ?? null })),
      ),
    }),
  }),
  redeliver: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('RedeliverSuccess', {
      description: 'The delivery is PENDING again.',
      fields: (f) => ({ delivery: f.field({ type: DeliveryRef, description: 'The delivery, queued again.' }) }),
    }),
    errors: { types: [DeliveryInFlightError], union: { name: 'RedeliverResult' } },
    description:
      'Starts a new series of attempts for one SUCCEEDED or FAILED delivery, now: an explicit new series, numbered on from ' +
      'its earlier attempts, with the retry schedule from its start. A PENDING delivery (queued, or being attempted) is ' +
      'refused with a DeliveryInFlightError, so a delivery is never attempted twice at once, whichever instance is asked.',
    args: { deliveryId: t.arg.id({ required: true, description: 'The delivery to send again.' }) },
    resolve: async (_root, { deliveryId }, ctx) => ({ delivery: await ctx.deliveries.redeliver(ctx.principal.tenant, deliveryId) }),
  }),
  recoverWebhookDeliveries: t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('RecoverWebhookDeliveriesSuccess', {
      description: 'The failed deliveries are queued again.',
      fields: (f) => ({ recovered: f.int({ description: 'How many FAILED deliveries were queued again.' }) }),
    }),
    errors: { union: { name: 'RecoverWebhookDeliveriesResult' } },
    description: 'Queues again every FAILED delivery of a LOCAL endpoint created since `since`.',
    args: {
      id: t.arg.id({ required: true, description: 'The LOCAL webhook.' }),
      since: t.arg({ type: 'DateTime', required: true, description: 'Only deliveries created at or after this time.' }),
    },
    resolve: async (_root, { id, since }, ctx) => ({
      recovered: await ctx.deliveries.recoverFailed(ctx.principal.tenant, localEndpointId(id, ['id']), since),
    }),
  }),
}));

const DeliveryEventRef = builder.objectRef<DeliveryEvent>('DeliveryEvent').implement({
  description: 'One attempt outcome, as it happens.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Pass as `after` when subscribing again to receive what happened since.',
      resolve: (e) => String(e.seq),
    }),
    attemptId: t.exposeID('attemptId', { description: 'The attempt this event reports.' }),
    deliveryId: t.exposeID('deliveryId', { description: 'Its delivery.' }),
    webhookId: t.id({ description: 'The LOCAL webhook it went to.', resolve: (e) => encodeWebhookId({ provider: 'LOCAL', externalId: e.endpointId, scope: null }) }),
    eventId: t.exposeID('eventId', { description: 'The published event (also its `webhook-id` header).' }),
    eventType: t.exposeString('eventType', { description: "The event's type." }),
    attemptNumber: t.exposeInt('attemptNumber', { description: '1 for the first attempt of the delivery.' }),
    outcome: t.field({ type: AttemptOutcomeEnum, description: 'How the attempt went.', resolve: (e) => e.outcome }),
    deliveryStatus: t.field({ type: DeliveryStatusEnum, description: 'Where the delivery stands after it.', resolve: (e) => e.deliveryStatus }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: "The endpoint's HTTP status; null when none arrived." }),
    durationMs: t.exposeFloat('durationMs', { description: 'From sending to the end of the answer, in milliseconds.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, if it did.' }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, description: 'When the next attempt is due; null when none is.', resolve: (e) => (e.nextAttemptAt ? new Date(e.nextAttemptAt) : null) }),
    occurredAt: t.field({ type: 'DateTime', description: 'When the attempt ended.', resolve: (e) => new Date(e.occurredAt) }),
    delivery: t.field({ type: DeliveryRef, nullable: true, description: 'The delivery as it is now.', resolve: (e, _args, ctx) => ctx.loaders.delivery.load(e.deliveryId) }),
  }),
});

builder.subscriptionField('deliveryEvents', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:read' },
    type: DeliveryEventRef,
    description:
      'Every attempt outcome of your LOCAL deliveries as it happens, optionally only of one webhook and some event types. ' +
      'Pass `after` (the `cursor` of the last event you saw) to first receive what you missed.',
    args: {
      webhookId: t.arg.id({ description: 'Only attempts to this LOCAL webhook.' }),
      events: t.arg.stringList({ description: 'Only attempts of these event types.' }),
      after: t.arg.string({ description: 'Resume after this DeliveryEvent.cursor.' }),
    },
    subscribe: (_root, args, ctx) => {
      const endpointId = args.webhookId ? localEndpointId(args.webhookId, ['webhookId']) : null;
      let afterSeq: number | null = null;
      if (args.after !== null && args.after !== undefined) {
        if (!/^\d{1,15}$/.test(args.after)) throw ValidationError.field(['after'], 'is not a cursor of deliveryEvents');
        afterSeq = Number(args.after);
      }
      return deliveryEventStream(
        ctx.subscriptions,
        { tenant: ctx.principal.tenant, endpointId, eventTypes: args.events ? new Set(args.events) : null },
        afterSeq,
      );
    },
    resolve: (event) => event,
  }),
);
