import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateEventType, CreateWebhook, DeleteEventType, UpdateEventType, WebhookEvents } from './support/documents.ts';
import { createTestGateway, execute, run, storeSnapshot, type TestGateway } from './support/gateway.ts';

let gateway: TestGateway;
beforeEach(async () => {
  gateway = await createTestGateway();
});
afterEach(() => gateway.close());

const invoiceSchema = {
  type: 'object',
  required: ['id', 'amount'],
  properties: { id: { type: 'string' }, amount: { type: 'integer', minimum: 0 } },
};

describe('the LOCAL event catalogue', () => {
  it('is real data: created, listed, updated and deleted through GraphQL', async () => {
    const created = await run(gateway.app, CreateEventType, {
      input: {
        name: 'invoice.paid',
        title: 'Invoice paid',
        description: 'An invoice was paid in full.',
        category: 'billing',
        schema: invoiceSchema,
        example: { id: 'in_1', amount: 100 },
      },
    });
    expect(created.createWebhookEventType).toEqual({
      __typename: 'CreateWebhookEventTypeSuccess',
      eventType: {
        name: 'invoice.paid',
        title: 'Invoice paid',
        description: 'An invoice was paid in full.',
        category: 'billing',
        schema: invoiceSchema,
        example: { id: 'in_1', amount: 100 },
        provider: 'LOCAL',
      },
    });

    const listed = await run(gateway.app, WebhookEvents, { provider: 'LOCAL' });
    expect(listed.webhookEvents.map((e) => e.name)).toEqual(['invoice.paid']);

    const updated = await run(gateway.app, UpdateEventType, {
      name: 'invoice.paid',
      input: { title: 'Paid', description: null, example: { id: 'in_2', amount: 5 } },
    });
    expect(updated.updateWebhookEventType).toMatchObject({
      __typename: 'UpdateWebhookEventTypeSuccess',
      eventType: { title: 'Paid', description: null, category: 'billing', example: { id: 'in_2', amount: 5 }, schema: invoiceSchema },
    });

    const deleted = await run(gateway.app, DeleteEventType, { name: 'invoice.paid' });
    expect(deleted.deleteWebhookEventType).toEqual({ __typename: 'DeleteWebhookEventTypeSuccess', deletedName: 'invoice.paid' });
    expect((await run(gateway.app, WebhookEvents, { provider: 'LOCAL' })).webhookEvents).toEqual([]);
  });

  it.each([
    { input: { name: 'bad name!' }, path: ['input', 'name'] },
    { input: { name: '*' }, path: ['input', 'name'] },
    { input: { name: 'x'.repeat(129) }, path: ['input', 'name'] },
    { input: { name: 'a.b', schema: { type: 'no-such-type' } }, path: ['input', 'schema'] },
    { input: { name: 'a.b', schema: 'not a schema' }, path: ['input', 'schema'] },
    { input: { name: 'a.b', schema: invoiceSchema, example: { id: 1 } }, path: ['input', 'example', 'id'] },
    { input: { name: 'a.b', schema: invoiceSchema, example: { id: 'x' } }, path: ['input', 'example'] },
    { input: { name: 'a.b', title: 't'.repeat(257) }, path: ['input', 'title'] },
  ])('refuses $input.name with a ValidationError at $path', async ({ input, path }) => {
    const before = await storeSnapshot(gateway.app);
    const data = await run(gateway.app, CreateEventType, { input });
    const result = data.createWebhookEventType;
    if (result.__typename !== 'ValidationError') throw new Error(JSON.stringify(result));
    expect(result.fieldErrors.map((e) => e.path)).toContainEqual(path);
    expect(await storeSnapshot(gateway.app)).toEqual(before);
  });

  it('refuses a duplicate name', async () => {
    await run(gateway.app, CreateEventType, { input: { name: 'a.b' } });
    const again = await run(gateway.app, CreateEventType, { input: { name: 'a.b', title: 'other' } });
    expect(again.createWebhookEventType).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'name'], message: 'an event type named "a.b" exists already' }],
    });
  });

  it('refuses an update whose example breaks the stored schema', async () => {
    await run(gateway.app, CreateEventType, { input: { name: 'a.b', schema: invoiceSchema } });
    const data = await run(gateway.app, UpdateEventType, { name: 'a.b', input: { example: { amount: -1 } } });
    expect(data.updateWebhookEventType.__typename).toBe('ValidationError');
    const missing = await run(gateway.app, UpdateEventType, { name: 'nope', input: { title: 'x' } });
    expect(missing.updateWebhookEventType).toMatchObject({ __typename: 'NotFoundError', resource: 'WebhookEvent', id: 'nope' });
  });

  it('refuses to delete a type endpoints subscribe to, and an unknown one', async () => {
    await run(gateway.app, CreateEventType, { input: { name: 'a.b' } });
    await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url: 'https://example.com', events: ['a.b'] } });
    const inUse = await run(gateway.app, DeleteEventType, { name: 'a.b' });
    expect(inUse.deleteWebhookEventType).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['name'], message: '1 endpoint(s) subscribe to "a.b"; remove it from them first' }],
    });
    const unknown = await run(gateway.app, DeleteEventType, { name: 'c.d' });
    expect(unknown.deleteWebhookEventType).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('answers webhookEvents of an unconfigured provider with a typed error', async () => {
    const result = await execute(gateway.app, WebhookEvents, { provider: 'UP42' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', provider: 'UP42' });
  });
});
