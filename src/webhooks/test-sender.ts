/**
 * Sends one test message per (URL, event type) right now, with no retry, within the caller's
 * TestBudget, and reports what each receiver answered. The message format (envelope and signature) is the caller's: LOCAL
 * signs per Standard Webhooks, the Bolt/Shippo/BLAZE adapters imitate their provider.
 */
import { BlockedAddressError } from '../http/guarded-connector.ts';
import type { OutboundClient } from '../http/outbound-client.ts';
import type { TestResult, WebhookTestOutcome } from '../providers/contract.ts';
import type { TestBudget } from './test-budget.ts';
import { mapWithConcurrency } from '../util/map-with-concurrency.ts';

const CONCURRENT_TESTS = 8;

export interface TestEvent {
  name: string;
  /** The payload sample; the message builder wraps it in the provider's envelope. */
  example: unknown;
}

export interface TestMessage {
  body: string;
  headers: Record<string, string>;
}

export type TestMessageBuilder = (event: TestEvent, url: string) => TestMessage;

export class TestSender {
  readonly #outbound: OutboundClient;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: { outbound: OutboundClient; timeoutMs: number; userAgent: string }) {
    this.#outbound = options.outbound;
    this.#timeoutMs = options.timeoutMs;
    this.#userAgent = options.userAgent;
  }

  async run(urls: readonly string[], events: readonly TestEvent[], build: TestMessageBuilder, budget: TestBudget): Promise<TestResult> {
    const startedAt = new Date();
    const pairs = urls.flatMap((url) => events.map((event) => ({ url, event })));
    budget.spend(pairs.length);
    const tests = await mapWithConcurrency(pairs, CONCURRENT_TESTS, ({ url, event }) => this.#testOne(url, event, build));
    const testsSucceeded = tests.filter((t) => t.success).length;
    return { startedAt, testsRun: tests.length, testsSucceeded, testsFailed: tests.length - testsSucceeded, tests };
  }

  async #testOne(url: string, event: TestEvent, build: TestMessageBuilder): Promise<WebhookTestOutcome> {
    const message = build(event, url);
    const headers = { 'content-type': 'application/json', 'user-agent': this.#userAgent, ...message.headers };
    const started = performance.now();
    try {
      const response = await this.#outbound.post({ url, headers, body: message.body, timeoutMs: this.#timeoutMs });
      const success = response.statusCode >= 200 && response.statusCode < 300;
      return {
        event: event.name,
        url,
        success,
        statusCode: response.statusCode,
        durationMs: response.durationMs,
        error: success ? null : `The receiver answered HTTP ${response.statusCode}`,
        responseBody: response.body,
      };
    } catch (error) {
      return {
        event: event.name,
        url,
        success: false,
        statusCode: null,
        durationMs: performance.now() - started,
        error: describeNetworkError(error, this.#timeoutMs),
        responseBody: null,
      };
    }
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
    return `No answer within ${timeoutMs} ms`;
  }
  if (err.code === 'UND_ERR_CONNECT_TIMEOUT') return 'Connecting to the receiver timed out';
  if (error instanceof BlockedAddressError) return error.message;
  const message = err.message || String(error);
  return err.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}
