/**
 * Sends one signed test message per event type to an endpoint, right now, with no retry,
 * and reports what the receiver answered.
 */
import type { OutboundClient } from '../../http/outbound-client.ts';
import { newMessageId, signStandardWebhook } from '../../signing/standard-webhooks.ts';
import { mapWithConcurrency } from '../../util/map-with-concurrency.ts';
import type { TestResult, WebhookTestOutcome } from '../contract.ts';

const CONCURRENT_TESTS = 8;

export interface TestTarget {
  url: string;
  /** Secrets that sign, current first. */
  secrets: readonly string[];
}

export interface TestEvent {
  name: string;
  example: unknown;
}

export class EndpointTester {
  readonly #outbound: OutboundClient;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: { outbound: OutboundClient; timeoutMs: number; userAgent: string }) {
    this.#outbound = options.outbound;
    this.#timeoutMs = options.timeoutMs;
    this.#userAgent = options.userAgent;
  }

  async run(target: TestTarget, events: readonly TestEvent[]): Promise<TestResult> {
    const startedAt = new Date();
    const tests = await mapWithConcurrency(events, CONCURRENT_TESTS, (event) => this.#testOne(target, event));
    const testsSucceeded = tests.filter((t) => t.success).length;
    return { startedAt, testsRun: tests.length, testsSucceeded, testsFailed: tests.length - testsSucceeded, tests };
  }

  async #testOne(target: TestTarget, event: TestEvent): Promise<WebhookTestOutcome> {
    const timestamp = new Date();
    const body = JSON.stringify({ type: event.name, timestamp: timestamp.toISOString(), data: event.example ?? {} });
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.#userAgent,
      ...signStandardWebhook({ id: newMessageId(), timestamp, body, secrets: target.secrets }),
    };
    const started = performance.now();
    try {
      const response = await this.#outbound.post({ url: target.url, headers, body, timeoutMs: this.#timeoutMs });
      const success = response.statusCode >= 200 && response.statusCode < 300;
      return {
        event: event.name,
        url: target.url,
        success,
        statusCode: response.statusCode,
        durationMs: response.durationMs,
        error: success ? null : `The receiver answered HTTP ${response.statusCode}`,
        responseBody: response.body,
      };
    } catch (error) {
      return {
        event: event.name,
        url: target.url,
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
  const err = error as { name?: string; code?: string; message?: string; cause?: unknown };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
    return `No answer within ${timeoutMs} ms`;
  }
  if (err.code === 'UND_ERR_CONNECT_TIMEOUT') return 'Connecting to the receiver timed out';
  const message = err.message || String(error);
  return err.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}
