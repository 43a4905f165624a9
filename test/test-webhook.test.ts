import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { CreateEventType, CreateWebhook, RotateSecret, TestWebhook, UpdateWebhook } from './support/documents.ts';
import { createTestGateway, run, testConfig, type TestGateway } from './support/gateway.ts';
import { Receiver } from './support/receiver.ts';

let gateway: TestGateway;
let receiver: Receiver;

beforeEach(async () => {
  gateway = await createTestGateway();
  receiver = await Receiver.start();
  await run(gateway.app, CreateEventType, {
    input: { name: 'invoice.paid', title: 'Invoice paid', example: { id: 'in_1', amount: 4200 } },
  });
  await run(gateway.app, CreateEventType, { input: { name: 'invoice.voided', example: { id: 'in_2' } } });
});

afterEach(async () => {
  await receiver.close();
  await gateway.close();
});

async function createEndpoint(url: string, events = ['*']) {
  const data = await run(gateway.app, CreateWebhook, { input: { provider: 'LOCAL', url, events } });
  if (data.createWebhook.__typename !== 'CreateWebhookSuccess') throw new Error(JSON.stringify(data.createWebhook));
  return { id: data.createWebhook.webhook.id, secret: data.createWebhook.secret as string };
}

async function testEndpoint(id: string, event?: string) {
  const data = await run(gateway.app, TestWebhook, { id, event });
  if (data.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(data.testWebhook));
  return data.testWebhook.result;
}

describe('testWebhook on LOCAL', () => {
  it('sends one signed request per subscribed event type, verified by the standardwebhooks package', async () => {
    const { id, secret } = await createEndpoint(receiver.url());
    receiver.options = { secret, status: 200, responseBody: 'thanks' };

    const result = await testEndpoint(id);
    expect(result).toMatchObject({ testsRun: 2, testsSucceeded: 2, testsFailed: 0 });
    expect(new Date(result.startedAt).getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(result.tests.map((t) => t.event).sort()).toEqual(['invoice.paid', 'invoice.voided']);
    for (const test of result.tests) {
      expect(test).toMatchObject({ url: receiver.url(), success: true, statusCode: 200, error: null, responseBody: 'thanks' });
      expect(test.durationMs).toBeGreaterThan(0);
    }
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    const paid = receiver.requests.find((r) => JSON.parse(r.body).type === 'invoice.paid');
    expect(JSON.parse(paid!.body)).toMatchObject({ type: 'invoice.paid', data: { id: 'in_1', amount: 4200 } });
    expect(paid!.headers['webhook-id']).toMatch(/^msg_/);
    expect(paid!.headers['content-type']).toBe('application/json');
  });

  it('reports a failure when the receiver holds another secret', async () => {
    const { id } = await createEndpoint(receiver.url());
    receiver.options = { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` };

    const result = await testEndpoint(id, 'invoice.paid');
    expect(result).toMatchObject({ testsRun: 1, testsSucceeded: 0, testsFailed: 1 });
    expect(result.tests[0]).toMatchObject({
      event: 'invoice.paid',
      success: false,
      statusCode: 401,
      error: 'The receiver answered HTTP 401',
      responseBody: 'signature verification failed',
    });
    expect(receiver.requests[0]?.verified).toBe(false);
  });

  it('signs with both secrets during a rotation, so receivers with either verify', async () => {
    const { id, secret: oldSecret } = await createEndpoint(receiver.url());
    const rotated = await run(gateway.app, RotateSecret, { id });
    if (rotated.rotateWebhookSecret.__typename !== 'RotateWebhookSecretSuccess') throw new Error('rotation failed');
    const newSecret = rotated.rotateWebhookSecret.secret;

    receiver.options = { secret: oldSecret };
    expect((await testEndpoint(id, 'invoice.paid')).testsSucceeded).toBe(1);
    receiver.options = { secret: newSecret };
    expect((await testEndpoint(id, 'invoice.paid')).testsSucceeded).toBe(1);
    expect(receiver.requests.at(-1)?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
  });

  it('stops signing with the old secret once the overlap is over', async () => {
    await gateway.close();
    gateway = await createTestGateway({ HOOKGATE_ROTATION_OVERLAP_MS: '0' });
    await run(gateway.app, CreateEventType, { input: { name: 'invoice.paid' } });
    const { id, secret: oldSecret } = await createEndpoint(receiver.url());
    await run(gateway.app, RotateSecret, { id });
    receiver.options = { secret: oldSecret };
    expect((await testEndpoint(id)).testsFailed).toBe(1);
  });

  it('times out a receiver that does not answer, without retrying', async () => {
    const { id, secret } = await createEndpoint(receiver.url());
    receiver.options = { secret, delayMs: 3_000 };
    const result = await testEndpoint(id, 'invoice.paid');
    expect(result.tests[0]).toMatchObject({ success: false, statusCode: null, error: 'No answer within 2000 ms' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('reports a refused connection', async () => {
    const { id } = await createEndpoint(receiver.url());
    await receiver.close();
    const result = await testEndpoint(id, 'invoice.paid');
    expect(result.tests[0]).toMatchObject({ success: false, statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
    receiver = await Receiver.start();
  });

  it('refuses an event the endpoint does not subscribe to, or one not in the catalogue', async () => {
    const { id } = await createEndpoint(receiver.url(), ['invoice.paid']);
    const notSubscribed = await run(gateway.app, TestWebhook, { id, event: 'invoice.voided' });
    expect(notSubscribed.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
    const unknown = await run(gateway.app, TestWebhook, { id, event: 'nope' });
    expect(unknown.testWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['event'] }] });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('the outbound address guard', () => {
  it('refuses, at connect time, a hostname that resolves to loopback when no allowlist covers it', async () => {
    // Saved while loopback was allowed; the operator then removed the allowlist.
    const { id } = await createEndpoint(`http://localhost:${receiver.port}/hooks`);
    const strict = await createApp(testConfig({ DATA_DIR: gateway.dataDir, HOOKGATE_ALLOW_PRIVATE_NETWORKS: '' }));
    try {
      const data = await run(strict, TestWebhook, { id, event: 'invoice.paid' });
      if (data.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error(JSON.stringify(data.testWebhook));
      expect(data.testWebhook.result.tests[0]).toMatchObject({
        success: false,
        statusCode: null,
        error: 'blocked: private address',
      });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('refuses a literal private address saved before the allowlist changed', async () => {
    const { id } = await createEndpoint(receiver.url());
    const strict = await createApp(testConfig({ DATA_DIR: gateway.dataDir, HOOKGATE_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8' }));
    try {
      const data = await run(strict, TestWebhook, { id });
      if (data.testWebhook.__typename !== 'TestWebhookSuccess') throw new Error('expected a result');
      expect(data.testWebhook.result.testsFailed).toBe(2);
      expect(data.testWebhook.result.tests[0]?.error).toBe('blocked: private address');
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('refuses to move an endpoint onto a private address by update', async () => {
    const { id } = await createEndpoint('https://example.com/hooks');
    const strict = await createApp(testConfig({ DATA_DIR: gateway.dataDir, HOOKGATE_ALLOW_PRIVATE_NETWORKS: '' }));
    try {
      const data = await run(strict, UpdateWebhook, { id, input: { url: 'http://[::1]:8080/x' } });
      expect(data.updateWebhook).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'url'] }] });
    } finally {
      await strict.close();
    }
  });
});
