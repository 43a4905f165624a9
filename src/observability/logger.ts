/**
 * The gateway's structured logger: pino, JSON lines on stdout unless told otherwise. Fields
 * that carry credentials are censored wherever they appear in a logged object, and errors are
 * reduced to what diagnoses them, so a secret does not ride along in some error property.
 * A line written while a request is handled carries that request's id (see request-scope.ts).
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { PinoPretty } from 'pino-pretty';
import type { YogaLogger } from 'graphql-yoga';
import { requestScope } from './request-scope.ts';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
/** `json`: one JSON object per line, for machines. `pretty`: one readable line per entry, for people. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /** The lowest level written; `silent` writes nothing. Default `info`. */
  level?: LogLevel;
  /** Where the JSON lines go. Default stdout; tests pass a stream they read back. */
  destination?: DestinationStream;
  /** Default: `pretty` when stdout is a terminal, else `json`. Ignored with `destination`. */
  format?: LogFormat;
}

const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'apiToken',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
  'secrets',
  'signingSecret',
  'password',
  'partnerKey',
  'developerKey',
  'variables',
];

/** Each key at the top level, one level down, and in request/response headers. */
export const REDACTED_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `*["${key}"]`),
  ...['authorization', 'cookie', 'x-api-key'].flatMap((key) => [`req.headers["${key}"]`, `request.headers["${key}"]`]),
  'res.headers["set-cookie"]',
];

export const REDACTED = '[Redacted]';

interface LoggedError {
  type: string;
  message: string;
  code?: string;
  path?: (string | number)[];
  stack?: string;
  cause?: LoggedError;
}

/**
 * Keeps an error's type, message, code, GraphQL path, stack and cause; drops every other
 * property (pino's default copies them all, including request options with their headers).
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const { code, path, cause } = error as Error & { code?: unknown; path?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(Array.isArray(path) ? { path: path.filter((p): p is string | number => typeof p !== 'object') } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(cause !== undefined && depth < 3 ? { cause: serializeError(cause, depth + 1) } : {}),
  };
}

/**
 * Stdout written in chunks of at least 4 KiB, and at least every 100 ms. A write per line cost
 * about 45 µs of CPU of the 410 µs a trivial query took at 1,000 requests/s: each line woke a
 * thread-pool thread, and then the event loop again. Lines wait at most 100 ms; pino writes what
 * is left when the process exits, and main.ts flushes before it exits on a signal. A `kill -9`
 * loses those last 100 ms of log lines, and never any data.
 */
function bufferedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 });
}

/** Fields of a request line that `readableLine` puts in its message. */
const REQUEST_LINE_FIELDS = ['method', 'path', 'status', 'durationMs', 'operationType', 'operationName'];

/** A request line as `POST /graphql 200 3.1 ms mutation CreateEndpoint`; other messages as they are. */
export function readableMessage(entry: Record<string, unknown>): string {
  const message = String(entry.msg ?? '');
  if (typeof entry.method !== 'string' || typeof entry.status !== 'number') return message;
  const duration = typeof entry.durationMs === 'number' ? ` ${entry.durationMs} ms` : '';
  const operation = [entry.operationType, entry.operationName].filter((part) => typeof part === 'string').join(' ');
  return `${entry.method} ${String(entry.path)} ${entry.status}${duration}${operation ? ` ${operation}` : ''}`;
}

/**
 * One line per entry on the terminal: time, level, message, then the remaining fields.
 * pino-pretty is loaded only here: it costs about 6 MB of RSS that a piped gateway never needs.
 */
function terminalStream(): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as { PinoPretty: typeof PinoPretty };
  return pretty.PinoPretty({
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', 'name', ...REQUEST_LINE_FIELDS].join(','),
    messageFormat: (entry) => readableMessage(entry),
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  return pino(
    {
      level: options.level ?? 'info',
      name: 'hookgate',
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    options.destination ?? (format === 'pretty' ? terminalStream() : bufferedStdout()),
  );
}

/** `log(message, error)` for the components that take a plain function (delivery worker, pub/sub). */
export function logFunction(logger: Logger, level: Level = 'error'): (message: string, error?: unknown) => void {
  return (message, error) => (error === undefined ? logger[level](message) : logger[level]({ err: error }, message));
}

/** Routes yoga's own messages (masked errors among them) through the logger. */
export function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const error = args.find((arg) => arg instanceof Error);
      const text = args.filter((arg) => typeof arg === 'string').join(' ');
      if (error) logger[level]({ err: error }, text || error.message);
      else logger[level](text);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
