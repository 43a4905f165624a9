import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateEventType,
  CreateWebhook,
  DeleteWebhook,
  GetNode,
  GetWebhook,
  ListWebhooks,
  Providers,
  RotateSecret,
  UpdateWebhook,
} from './support/documents.ts';
import { createTestGateway, execute, run, storeSnapshot, type TestGateway } from './support/gateway.ts';

let gateway: TestGateway;

beforeEach(async () => {
  gateway = await createTestGateway();
  for (const name of ['invoice.paid', 'invoice.voided', 'customer.created']) {
    const created = await run(gateway.app, CreateEventType, { input: { name, title: name, example: { id: 'x' } } });
    expect(created.createWebhookEventType.__typename).toBe('CreateWebhookEventTypeSuccess');
  }
});

afterEach(() => gateway.close());

async function createEndpoint(events: string[] = ['invoice.paid'], url = 'https://example.com/hooks') {
  const data = await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url, events, name: 'Billing' } });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return data.createWebhook;
}

describe('LOCAL webhooks through GraphQL', () => {
  it('lists every provider with LOCAL configured and the others not', async () => {
    const { providers } = await run(gateway.app, Providers);
    expect(providers.map((p) => [p.name, p.configured])).toEqual([
      ['LOCAL', true],
      ['BOLT', false],
      ['SHIPPO', false],
      ['BLAZE', false],
      ['UP42', false],
    ]);
    expect(providers[0]?.capabilities).toMatchObject({ create: true, test: true, multipleUrls: false });
    expect(providers[1]?.capabilities).toBeNull();
  });

  it('creates, reads, updates, rotates and deletes an endpoint', async () => {
    const created = await createEndpoint(['invoice.paid', 'invoice.voided']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret!.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const webhook = created.webhook;
    expect(webhook).toMatchObject({
      provider: 'LOCAL',
      url: 'https://example.com/hooks',
      urls: ['https://example.com/hooks'],
      name: 'Billing',
      events: ['invoice.paid', 'invoice.voided'],
      active: true,
      isTest: false,
      hasSecret: true,
    });
    expect(webhook.externalId).toMatch(/^ep_/);

    const fetched = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(fetched.webhook?.eventTypes.map((e) => e.name)).toEqual(['invoice.paid', 'invoice.voided']);
    const node = await run(gateway.app, GetNode, { id: webhook.id });
    expect(node.node).toMatchObject({ __typename: 'Webhook', id: webhook.id, url: webhook.url });

    const updated = await run(gateway.app, UpdateWebhook, {
      id: webhook.id,
      input: { url: 'https://example.org/new', events: ['*'], active: false, name: null },
    });
    expect(updated.updateWebhook).toMatchObject({
      __typename: 'UpdateWebhookSuccess',
      previousId: null,
      webhook: { id: webhook.id, url: 'https://example.org/new', events: ['*'], active: false, name: null },
    });
    const all = await run(gateway.app, GetWebhook, { id: webhook.id });
    expect(all.webhook?.eventTypes.map((e) => e.name).sort()).toEqual(['customer.created', 'invoice.paid', 'invoice.voided']);

    const rotated = await run(gateway.app, RotateSecret, { id: webhook.id });
    if (rotated.rotateWebhookSecret.__typename !== 'RotateWebhookSecretSuccess') throw new Error('rotation failed');
    expect(rotated.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.rotateWebhookSecret.secret).not.toBe(created.secret);

    const deleted = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(deleted.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    const again = await run(gateway.app, DeleteWebhook, { id: webhook.id });
    expect(again.deleteWebhook).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('never returns a secret from a query', async () => {
    const { secret, webhook } = await createEndpoint();
    const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ webhooks { edges { node { id hasSecret } } } webhook(id: "${webhook.id}") { id } }` }),
    });
    const text = await response.text();
    expect(text).toContain('"hasSecret":true');
    expect(text).not.toContain(secret!.slice(6));
  });

  it('keeps a given secret and refuses a malformed one', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const ok = await run(gateway.app, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/a', events: ['*'], secret },
    });
    expect(ok.createWebhook).toMatchObject({ __typename: 'CreateWebhookSuccess', secret });
    const bad = await run(gateway.app, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/a', events: ['*'], secret: 'whsec_c2hvcnQ=' },
    });
    expect(bad.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'secret'], message: 'must encode 24 to 64 bytes (it encodes 5)' }],
    });
  });

  it('pages newest first with opaque cursors', async () => {
    const listPage = (after: string | null) => run(gateway.app, ListWebhooks, { provider: 'LOCAL', first: 2, after });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createEndpoint(['invoice.paid'], `https://example.com/${i}`)).webhook.id);
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: Awaited<ReturnType<typeof listPage>> = await listPage(after);
      seen.push(...data.webhooks.edges.map((e) => e.node.id));
      expect(data.webhooks.pageInfo.hasNextPage).toBe(page < 2);
      expect(data.webhooks.pageInfo.hasPreviousPage).toBe(page > 0);
      after = data.webhooks.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(newestFirst);

    const merged = await run(gateway.app, ListWebhooks, { first: 10 });
    expect(merged.webhooks.edges.map((e) => e.node.id)).toEqual(newestFirst);
    expect(merged.webhooks.providerErrors).toEqual([]);
  });

  it('answers operations on unconfigured providers with ProviderNotConfiguredError', async () => {
    const created = await run(gateway.app, CreateWebhook, {
      input: { provider: 'BOLT', url: 'https://example.com/bolt', events: ['payment'] },
    });
    expect(created.createWebhook).toEqual({
      __typename: 'ProviderNotConfiguredError',
      provider: 'BOLT',
      code: 'PROVIDER_NOT_CONFIGURED',
      message: 'Provider BOLT is not configured on this gateway: its operator must set BOLT_API_KEY and restart it',
    });
    const listed = await execute(gateway.app, ListWebhooks, { provider: 'SHIPPO' });
    expect(listed.errors?.[0]?.extensions).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', provider: 'SHIPPO' });
  });
});

describe('bad input is refused with a typed error and changes nothing', () => {
  const cases: { name: string; input: Record<string, unknown>; path: string[]; message: RegExp }[] = [
    { name: 'non-http scheme', input: { url: 'ftp://example.com/x' }, path: ['input', 'url'], message: /http or https/ },
    { name: 'not a URL', input: { url: 'not a url' }, path: ['input', 'url'], message: /valid absolute URL/ },
    {
      name: 'over-long URL',
      input: { url: `https://example.com/${'a'.repeat(2048)}` },
      path: ['input', 'url'],
      message: /at most 2048/,
    },
    { name: 'unknown event', input: { events: ['invoice.paid', 'nope'] }, path: ['input', 'events', '1'], message: /not in the LOCAL event catalogue/ },
    { name: 'no events', input: { events: [] }, path: ['input', 'events'], message: /at least one/ },
    { name: '* with others', input: { events: ['*', 'invoice.paid'] }, path: ['input', 'events'], message: /every event type/ },
    { name: 'loopback target', input: { url: 'http://127.0.0.1:8080/x' }, path: ['input', 'url'], message: /HOOKGATE_ALLOW_PRIVATE_NETWORKS/ },
    { name: 'private target', input: { url: 'http://10.1.2.3/x' }, path: ['input', 'url'], message: /private/ },
    { name: 'metadata target', input: { url: 'http://169.254.169.254/latest' }, path: ['input', 'url'], message: /link-local/ },
    { name: 'mapped IPv6 target', input: { url: 'http://[::ffff:127.0.0.1]/x' }, path: ['input', 'url'], message: /private/ },
    { name: 'localhost name', input: { url: 'http://localhost:9999/x' }, path: ['input', 'url'], message: /private/ },
    { name: 'several URLs on LOCAL', input: { urls: ['https://example.com/b'] }, path: ['input', 'urls'], message: /one URL/ },
  ];

  it.each(cases)('$name', async ({ input, path, message }) => {
    // This gateway has no allowlist, so private targets are refused.
    await gateway.close();
    gateway = await createTestGateway({ HOOKGATE_ALLOW_PRIVATE_NETWORKS: '' });
    await run(gateway.app, CreateEventType, { input: { name: 'invoice.paid' } });
    const before = await storeSnapshot(gateway.app);
    const data = await run(gateway.app, CreateWebhook, {
      input: { provider: 'LOCAL', url: 'https://example.com/x', events: ['invoice.paid'], ...input },
    });
    const result = data.createWebhook;
    if (result.__typename !== 'ValidationError') throw new Error(`expected ValidationError, got ${JSON.stringify(result)}`);
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(await storeSnapshot(gateway.app)).toEqual(before);
  });

  it('a missing required field is a GraphQL validation error naming it', async () => {
    const before = await storeSnapshot(gateway.app);
    const response = await gateway.app.yoga.fetch('http://hookgate.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { createWebhook(input: { provider: LOCAL, events: ["*"] }) { __typename } }',
      }),
    });
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/Field "CreateWebhookInput.url" of required type "String!" was not provided/);
    expect(await storeSnapshot(gateway.app)).toEqual(before);
  });

  it('first: 1000 is refused, naming the argument', async () => {
    const result = await execute(gateway.app, ListWebhooks, { first: 1000 });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: ['first'], message: 'must be between 1 and 100' }],
    });
  });

  it('a forged cursor is refused', async () => {
    const result = await execute(gateway.app, ListWebhooks, { first: 5, after: 'bm9wZQ' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: ['after'] }] });
  });

  it('an unknown id is NotFoundError in mutations and null in queries', async () => {
    const { webhook } = await createEndpoint();
    await run(gateway.app, DeleteWebhook, { id: webhook.id });
    const before = await storeSnapshot(gateway.app);
    const updated = await run(gateway.app, UpdateWebhook, { id: webhook.id, input: { active: false } });
    expect(updated.updateWebhook).toMatchObject({ __typename: 'NotFoundError', resource: 'Webhook', id: webhook.externalId });
    const rotated = await run(gateway.app, RotateSecret, { id: webhook.id });
    expect(rotated.rotateWebhookSecret.__typename).toBe('NotFoundError');
    expect((await run(gateway.app, GetWebhook, { id: webhook.id })).webhook).toBeNull();
    expect(await storeSnapshot(gateway.app)).toEqual(before);
  });

  it.each(['garbage', 'V2ViaG9vazpub3QganNvbg', Buffer.from('Other:["LOCAL","x",null]').toString('base64url'), ''])(
    'a malformed global id (%j) is a ValidationError on id',
    async (id) => {
      const before = await storeSnapshot(gateway.app);
      const deleted = await run(gateway.app, DeleteWebhook, { id });
      expect(deleted.deleteWebhook).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ path: ['id'], message: 'is not a webhook id issued by this gateway' }],
      });
      const queried = await execute(gateway.app, GetWebhook, { id });
      expect(queried.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await storeSnapshot(gateway.app)).toEqual(before);
    },
  );
});
