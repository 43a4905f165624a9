/**
 * Maps UP42's "Test a webhook" answer to the gateway's TestResult. The shape of a `tests[]`
 * item is not documented ("a list of tests and their details"), so each field is looked up
 * under a few plausible names and falls back to what the gateway knows (the webhook's URL,
 * the events asked for, 0 ms).
 */
import type { TestResult, WebhookTestOutcome } from '../contract.ts';
import type { Up42TestRun } from './wire.ts';

const RESPONSE_BODY_LIMIT = 1024;
const SUCCESS_WORDS = new Set(['succeeded', 'success', 'successful', 'ok', 'passed', 'delivered']);

export interface TestContext {
  /** The webhook's target, for items that do not say where they went. */
  url: string;
  /** The events that were tested: the one asked for, or every subscribed event. */
  events: readonly string[];
  now: Date;
}

type Item = Record<string, unknown>;

function pick<T>(item: Item, keys: readonly string[], guard: (v: unknown) => v is T): T | undefined {
  for (const key of keys) {
    const value = item[key];
    if (guard(value)) return value;
  }
  return undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > RESPONSE_BODY_LIMIT ? s.slice(0, RESPONSE_BODY_LIMIT) : s;
}

function toOutcome(raw: unknown, index: number, count: number, context: TestContext): WebhookTestOutcome {
  const item: Item = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Item) : {};
  const statusValue = item.status;
  const statusCode =
    pick(item, ['statusCode', 'status_code', 'responseStatusCode', 'responseStatus', 'httpStatus'], isNumber) ??
    (isNumber(statusValue) ? statusValue : null);
  const explicit = pick(item, ['success', 'succeeded', 'successful', 'ok', 'passed'], isBoolean);
  const success =
    explicit ??
    (isString(statusValue) ? SUCCESS_WORDS.has(statusValue.toLowerCase()) : statusCode !== null && statusCode >= 200 && statusCode < 300);
  // With one item per tested event, the i-th item is taken to be the i-th event.
  const fallbackEvent = count === context.events.length ? context.events[index] : context.events.length === 1 ? context.events[0] : undefined;
  const error =
    pick(item, ['error', 'errorMessage', 'failureReason', 'reason', 'message'], isString) ??
    (success ? null : statusCode !== null ? `The receiver answered HTTP ${statusCode}` : 'UP42 reported the test as failed');
  return {
    event: pick(item, ['event', 'eventName', 'eventType', 'type', 'name'], isString) ?? fallbackEvent ?? 'unknown',
    url: pick(item, ['url', 'webhookUrl', 'target', 'endpoint'], isString) ?? context.url,
    success,
    statusCode: statusCode === null ? null : Math.trunc(statusCode),
    durationMs: pick(item, ['durationMs', 'duration_ms', 'responseTimeMs', 'elapsedMs', 'duration'], isNumber) ?? 0,
    error: success ? null : error,
    responseBody: text(item.responseBody ?? item.response_body ?? item.response ?? item.body),
  };
}

export function toTestResult(run: Up42TestRun, context: TestContext): TestResult {
  const items = run.tests ?? [];
  const tests = items.map((item, index) => toOutcome(item, index, items.length, context));
  const startedAt = run.startedAt ? new Date(run.startedAt) : context.now;
  const testsRun = run.testsRun ?? tests.length;
  const testsSucceeded = run.testsSucceeded ?? tests.filter((t) => t.success).length;
  return {
    startedAt: Number.isNaN(startedAt.getTime()) ? context.now : startedAt,
    testsRun,
    testsSucceeded,
    testsFailed: run.testsFailed ?? Math.max(0, testsRun - testsSucceeded),
    tests,
  };
}
