import type { TestResult, WebhookTestOutcome } from '../providers/contract.ts';
import { RateLimitedError } from '../errors.ts';
import { DEFAULT_TEST_LIMITS } from '../webhooks/test-budget.ts';
import { decodeWebhookId } from '../webhooks/webhook-id.ts';
import { builder } from './builder.ts';

const WebhookTestRef = builder.objectRef<WebhookTestOutcome>('WebhookTest').implement({
  description: 'One test message and what the receiver made of it.',
  fields: (t) => ({
    event: t.exposeString('event', { description: 'The event type of the sample sent.' }),
    url: t.exposeString('url', { description: 'Where it was sent.' }),
    success: t.exposeBoolean('success', { description: 'Whether the receiver answered 2xx.' }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: "The receiver's HTTP status; null when none arrived." }),
    durationMs: t.exposeFloat('durationMs', { description: 'From sending to the end of the answer, in milliseconds.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed: status, timeout, refusal.' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'At most the first 1 KiB.' }),
  }),
});

const TestResultRef = builder.objectRef<TestResult>('TestResult').implement({
  description: 'What one `testWebhook` call sent and how each send went.',
  fields: (t) => ({
    startedAt: t.field({ type: 'DateTime', description: 'When the test began.', resolve: (r) => r.startedAt }),
    testsRun: t.exposeInt('testsRun', { description: 'Test messages sent.' }),
    testsSucceeded: t.exposeInt('testsSucceeded', { description: 'Of those, answered 2xx.' }),
    testsFailed: t.exposeInt('testsFailed', { description: 'Of those, not answered 2xx.' }),
    tests: t.field({ type: [WebhookTestRef], description: 'Each send, in order.', resolve: (r) => r.tests }),
  }),
});

builder.mutationField('testWebhook', (t) =>
  t.field({
    authScopes: { scope: 'webhooks:write' },
    type: builder.simpleObject('TestWebhookSuccess', {
      description: 'The test ran (whether the receiver accepted it is in `result`).',
      fields: (f) => ({ result: f.field({ type: TestResultRef, description: 'What was sent and what came back.' }) }),
    }),
    errors: { types: [RateLimitedError], union: { name: 'TestWebhookResult' } },
    description:
      'Sends a sample of each subscribed event type (or of `event`) to each of the webhook\'s URLs now, signed where the provider ' +
      `signs, without retries. One call sends at most HOOKGATE_TEST_MAX_PER_CALL messages (default ${DEFAULT_TEST_LIMITS.maxPerCall}), ` +
      `and one API key at most HOOKGATE_TEST_SENDS_PER_MINUTE a minute (default ${DEFAULT_TEST_LIMITS.perMinute}). ` +
      'Beyond either bound nothing is sent: a ValidationError at `event` says how many the call would send, a RateLimitedError ' +
      'when to try again.',
    args: {
      id: t.arg.id({ required: true, description: 'The webhook to test.' }),
      event: t.arg.string({ description: 'Send only this event type; default every subscribed one.' }),
    },
    resolve: async (_root, { id, event }, ctx) => {
      const ref = decodeWebhookId(id);
      return { result: await ctx.providers.get(ref.provider).test(ref, event ?? null, ctx.testBudget) };
    },
  }),
);
