/**
 * The gateway's configuration, read once from environment variables at boot. A bad value
 * stops the process with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { type Cidr, parseCidr } from './http/address-guard.ts';
import { parseSchedule } from './delivery/retry-schedule.ts';
import { DEFAULT_TRANSPORT_OPTIONS, type UpstreamTransportOptions } from './providers/upstream/upstream-client.ts';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './observability/logger.ts';
import type { GraphQLLimits } from './security/graphql-limits.ts';
import { DEFAULT_TENANT_LIMITS, type TenantLimits } from './providers/local/tenant-limits.ts';
import { DEFAULT_TEST_LIMITS, type TestLimits } from './webhooks/test-budget.ts';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);
const port = integer(0, 65535);
const milliseconds = integer(1, 3_600_000);

const cidrList = z.string().transform((text, ctx): Cidr[] => {
  const cidrs: Cidr[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    try {
      cidrs.push(parseCidr(part));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }
  return cidrs;
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const secretText = z.string().min(1);

const schedule = z.string().transform((text, ctx) => {
  try {
    return parseSchedule(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const DAY_MS = 86_400_000;

/**
 * Without DATA_DIR: the data/ folder of this Hookgate checkout (beside package.json), wherever
 * the command runs from, so `npm start` and `npx hookgate` from any folder share one store.
 * This file sits one folder below the root in src/ and in dist/ alike.
 */
export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '..', 'data');

const commaList = (text: string) => text.split(',').map((part) => part.trim()).filter((part) => part !== '');

const hostList = z.string().transform((text, ctx) => {
  const hosts = commaList(text).map((host) => host.toLowerCase());
  for (const host of hosts) {
    if (!/^[a-z0-9.:_-]+$/.test(host)) ctx.addIssue({ code: 'custom', message: `"${host}" is not a host name (no scheme, port or path)` });
  }
  return hosts;
});

/** Exact origins only: `*` would let every site's pages call the gateway. */
const originList = z.string().transform((text, ctx) => {
  const origins: string[] = [];
  for (const part of commaList(text)) {
    let origin: string | null = null;
    try {
      const url = new URL(part);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === part.replace(/\/$/, '')) origin = url.origin;
    } catch {
      // reported below
    }
    if (origin === null) ctx.addIssue({ code: 'custom', message: `"${part}" is not an origin like https://app.example.com (no *, path or trailing parts)` });
    else origins.push(origin);
  }
  return origins;
});

const onOff = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'], { error: 'must be true or false' }))
  .transform((word) => ['true', '1', 'on', 'yes'].includes(word));

const databaseUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' });
const redisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' });

const environmentSchema = z.object({
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase PostgreSQL identifier (letters, digits, _)')
    .optional(),
  REDIS_URL: redisUrl.optional(),
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds.default(5_000),
  DATABASE_QUERY_TIMEOUT_MS: milliseconds.default(30_000),
  HOOKGATE_STORE_STARTUP_WAIT_MS: integer(0, DAY_MS).default(300_000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  DATA_DIR: z.string().min(1).optional(),
  HOOKGATE_ALLOW_PRIVATE_NETWORKS: cidrList.default([]),
  HOOKGATE_TEST_TIMEOUT_MS: milliseconds.default(10_000),
  HOOKGATE_TEST_MAX_PER_CALL: integer(1, 10_000).default(DEFAULT_TEST_LIMITS.maxPerCall),
  HOOKGATE_TEST_SENDS_PER_MINUTE: integer(1, 1_000_000).default(DEFAULT_TEST_LIMITS.perMinute),
  HOOKGATE_MAX_ENDPOINTS_PER_TENANT: integer(1, 10_000_000).default(DEFAULT_TENANT_LIMITS.maxEndpoints),
  HOOKGATE_MAX_EVENT_TYPES_PER_TENANT: integer(1, 1_000_000).default(DEFAULT_TENANT_LIMITS.maxEventTypes),
  HOOKGATE_SHUTDOWN_TIMEOUT_MS: milliseconds.default(10_000),
  HOOKGATE_WARMUP_EVENTS: integer(0, 1_000_000).default(2_000),
  HOOKGATE_ROTATION_OVERLAP_MS: integer(0, 30 * 86_400_000).default(86_400_000),

  HOOKGATE_RETRY_SCHEDULE: schedule.default([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]),
  HOOKGATE_RETRY_JITTER: z.coerce.number({ error: 'must be a number from 0 to 0.9' }).min(0).max(0.9).default(0.2),
  HOOKGATE_RETRY_AFTER_MAX_MS: integer(0, 7 * DAY_MS).default(3_600_000),
  HOOKGATE_DISABLE_AFTER_FAILING_MS: integer(1, 365 * DAY_MS).default(5 * DAY_MS),
  HOOKGATE_DELIVERY_CONCURRENCY: integer(1, 10_000).default(256),
  HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY: integer(1, 10_000).default(64),
  HOOKGATE_DELIVERY_BATCH_SIZE: integer(1, 10_000).default(256),
  HOOKGATE_DELIVERY_CONNECT_TIMEOUT_MS: milliseconds.default(5_000),
  HOOKGATE_DELIVERY_TIMEOUT_MS: milliseconds.default(15_000),
  HOOKGATE_DELIVERY_POLL_MS: milliseconds.default(1_000),
  HOOKGATE_DELIVERY_LEASE_MS: milliseconds.default(60_000),
  HOOKGATE_MAX_PAYLOAD_BYTES: integer(1, 16 * 1024 * 1024).default(256 * 1024),
  HOOKGATE_IDEMPOTENCY_WINDOW_MS: integer(0, 30 * DAY_MS).default(DAY_MS),
  HOOKGATE_PUBLISH_BATCH_MAX: integer(1, 1_000).default(100),

  UPSTREAM_CONNECT_TIMEOUT_MS: milliseconds.default(DEFAULT_TRANSPORT_OPTIONS.connectTimeoutMs),
  UPSTREAM_HEADERS_TIMEOUT_MS: milliseconds.default(DEFAULT_TRANSPORT_OPTIONS.headersTimeoutMs),
  UPSTREAM_BODY_TIMEOUT_MS: milliseconds.default(DEFAULT_TRANSPORT_OPTIONS.bodyTimeoutMs),
  UPSTREAM_MAX_RETRIES: integer(0, 2).default(DEFAULT_TRANSPORT_OPTIONS.maxRetries),
  UPSTREAM_RETRY_BASE_DELAY_MS: integer(0, 60_000).default(DEFAULT_TRANSPORT_OPTIONS.retryBaseDelayMs),
  UPSTREAM_MAX_RETRY_DELAY_MS: integer(0, 60_000).default(DEFAULT_TRANSPORT_OPTIONS.maxRetryDelayMs),
  UPSTREAM_BREAKER_THRESHOLD: integer(1, 1000).default(DEFAULT_TRANSPORT_OPTIONS.breakerFailureThreshold),
  UPSTREAM_BREAKER_OPEN_MS: integer(0, 3_600_000).default(DEFAULT_TRANSPORT_OPTIONS.breakerOpenMs),
  UPSTREAM_GET_CACHE_MS: integer(0, 300_000).default(DEFAULT_TRANSPORT_OPTIONS.getCacheMs),
  UPSTREAM_GET_JOIN: onOff.default(DEFAULT_TRANSPORT_OPTIONS.joinGets),

  BOLT_API_KEY: secretText.optional(),
  BOLT_API_URL: httpUrl.default('https://api.bolt.com'),
  BOLT_DIVISION_ID: z.string().min(1).optional(),
  BOLT_SIGNING_SECRET: secretText.optional(),

  SHIPPO_API_TOKEN: secretText.optional(),
  SHIPPO_API_URL: httpUrl.default('https://api.goshippo.com'),
  SHIPPO_SIGNING_SECRET: secretText.optional(),

  BLAZE_PARTNER_KEY: secretText.optional(),
  BLAZE_DEVELOPER_KEY: secretText.optional(),
  BLAZE_API_URL: httpUrl.default('https://api.partners.blaze.me'),
  BLAZE_SHOP_ID: z.string().min(1).optional(),

  UP42_TOKEN: secretText.optional(),
  UP42_USERNAME: z.string().min(1).optional(),
  UP42_PASSWORD: secretText.optional(),
  UP42_AUTH_URL: httpUrl.default('https://auth.up42.com/realms/public/protocol/openid-connect/token'),
  UP42_API_URL: httpUrl.default('https://api.up42.com'),
  UP42_WORKSPACE_ID: z.string().min(1).optional(),

  HOOKGATE_MAX_DEPTH: integer(1, 1000).default(12),
  HOOKGATE_MAX_COST: integer(1, 100_000_000).default(20_000),
  HOOKGATE_MAX_ALIASES: integer(0, 10_000).default(15),
  HOOKGATE_MAX_DIRECTIVES: integer(0, 10_000).default(50),
  HOOKGATE_MAX_TOKENS: integer(1, 10_000_000).default(2_000),
  HOOKGATE_MAX_BODY_BYTES: integer(1024, 256 * 1024 * 1024).default(1024 * 1024),
  HOOKGATE_RATE_LIMIT_PER_MINUTE: integer(0, 100_000_000).default(600),
  HOOKGATE_RATE_LIMIT_BURST: integer(1, 100_000_000).default(100),
  HOOKGATE_INTROSPECTION: onOff.default(true),
  HOOKGATE_AUTH: onOff.default(true),
  HOOKGATE_ALLOWED_HOSTS: hostList.default([]),
  HOOKGATE_CORS_ORIGINS: originList.default([]),
  HOOKGATE_PUBLIC_URL: httpUrl.optional(),
  HOOKGATE_MAX_CONNECTIONS: integer(1, 1_000_000).default(10_000),
  HOOKGATE_MAX_CONNECTIONS_PER_ADDRESS: integer(1, 1_000_000).default(1_000),
  HOOKGATE_HEADERS_TIMEOUT_MS: milliseconds.default(10_000),
  HOOKGATE_REQUEST_TIMEOUT_MS: milliseconds.default(30_000),
  // Above the 12 s between the keep-alives of SSE streams and WebSockets, or idle streams would be cut.
  HOOKGATE_IDLE_TIMEOUT_MS: integer(15_000, 3_600_000).default(60_000),
  HOOKGATE_WS_INIT_TIMEOUT_MS: milliseconds.default(3_000),
  HOOKGATE_REVOCATION_CHECK_MS: integer(100, 60_000).default(1_000),
  HOOKGATE_UPSTREAM_TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a tenant name: lowercase letters, digits, _ or -')
    .default('default'),
  HOOKGATE_SECRET_KEY: z
    .string()
    .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be base64 of exactly 32 random bytes')
    .optional(),
  HOOKGATE_GRAPHIQL: onOff.default(true),
  HOOKGATE_INBOUND_MAX_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  HOOKGATE_INBOUND_RATE_PER_MINUTE: integer(1, 100_000_000).default(6_000),
  HOOKGATE_INBOUND_BURST: integer(1, 100_000_000).default(500),
  HOOKGATE_INBOUND_SOURCE_CONCURRENCY: integer(1, 100_000).default(64),
  HOOKGATE_INBOUND_CONCURRENCY: integer(1, 100_000).default(256),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
});

export interface DeliveryConfig {
  /** Delay before each attempt of a series; after the last the delivery is FAILED. */
  retrySchedule: number[];
  /** ± fraction of jitter on each delay. */
  retryJitter: number;
  /** The longest Retry-After honoured on 429/503. */
  retryAfterMaxMs: number;
  /** An endpoint failing without a success this long is disabled. */
  disableAfterFailingMs: number;
  concurrency: number;
  endpointConcurrency: number;
  batchSize: number;
  connectTimeoutMs: number;
  timeoutMs: number;
  pollMs: number;
  leaseMs: number;
  maxPayloadBytes: number;
  idempotencyWindowMs: number;
  /** Most events one `publishEvents` request may carry. */
  publishBatchMax: number;
}

export interface BoltConfig {
  apiKey: string;
  apiUrl: string;
  /** The division used when a call names none. */
  divisionId: string | null;
  /** Signs test deliveries (X-Bolt-Hmac-Sha256) as Bolt would. */
  signingSecret: string | null;
}

export interface ShippoConfig {
  apiToken: string;
  apiUrl: string;
  /** Signs test deliveries (Shippo-Auth-Signature) when Shippo provisioned HMAC for the account. */
  signingSecret: string | null;
}

export interface BlazeConfig {
  partnerKey: string;
  developerKey: string;
  apiUrl: string;
  shopId: string | null;
}

export type Up42Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'password'; username: string; password: string; authUrl: string };

export interface Up42Config {
  credentials: Up42Credentials;
  apiUrl: string;
  workspaceId: string | null;
}

/** Each provider is configured when its credentials are present; null otherwise. */
export interface ProvidersConfig {
  bolt: BoltConfig | null;
  shippo: ShippoConfig | null;
  blaze: BlazeConfig | null;
  up42: Up42Config | null;
}

export interface SecurityConfig {
  /** Bounds on each GraphQL document, checked before execution. */
  limits: GraphQLLimits;
  /** Largest request body; larger ones are answered 413. */
  maxBodyBytes: number;
  /** Token bucket per API key (or client address without one); null when switched off. */
  rateLimit: { perMinute: number; burst: number } | null;
  /** Whether `__schema`/`__type` are answered (field suggestions are hidden when not). */
  introspection: boolean;
  /** Whether a browser opening /graphql gets GraphiQL. */
  graphiql: boolean;
}

export interface AuthConfig {
  /** Off only for local experiments: every request is the admin of tenant `default`, and the server binds to loopback. */
  enabled: boolean;
  /** The tenant that may use the upstream providers (the gateway's own Bolt/Shippo/BLAZE/UP42 accounts). */
  upstreamTenant: string;
  /** AES-256 key for endpoint secrets at rest; null: generated into DATA_DIR (embedded store only). */
  secretKey: Buffer | null;
  /** How often the keys of open subscriptions are checked against the store, so a revoked key's streams end. */
  revocationCheckMs: number;
}

/** Who may reach the HTTP server, and how much of it one client may hold. */
export interface HttpServerConfig {
  /** Host names requests must address (lowercase, no port); null accepts any (auth on without HOOKGATE_ALLOWED_HOSTS). */
  allowedHosts: string[] | null;
  /** Origins of other sites whose pages may call the gateway (CORS); same-origin pages always may. */
  corsOrigins: string[];
  /** The origin of HOOKGATE_PUBLIC_URL, when the gateway is reached through a proxy. */
  publicOrigin: string | null;
  /** Open connections at most, and per client address; further ones are closed at once. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Time to receive a request's headers, and the whole request, from the connection's start. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** A connection silent this long is closed (streams send keep-alives well within it). */
  idleTimeoutMs: number;
  /** A graphql-ws connection that sends no `connection_init` this long is closed (4408). */
  wsInitTimeoutMs: number;
}

export interface StoreConfig {
  /** How long start-up waits for a database that is unavailable (or a full disk) before giving up; 0: not at all. */
  startupWaitMs: number;
  /** PostgreSQL: how long to wait for a connection before the call fails with STORE_UNAVAILABLE. */
  connectTimeoutMs: number;
  /** PostgreSQL: how long one statement may take before it fails and its connection is dropped. */
  queryTimeoutMs: number;
}

/** Receiving providers' webhooks at inbound sources. */
export interface InboundConfig {
  /** The base URL providers reach this gateway at; null: source URLs use the address each request reached. */
  publicUrl: string | null;
  /** Largest inbound body; larger ones are answered 413 without being read whole. */
  maxBytes: number;
  /** Sustained requests per minute and burst, per source. */
  perMinute: number;
  burst: number;
  /** Requests handled at once per source, and over all sources. */
  sourceConcurrency: number;
  concurrency: number;
}

export interface LoggingConfig {
  level: LogLevel;
  /** Unset: readable lines when stdout is a terminal, JSON otherwise. */
  format: LogFormat | undefined;
}

export interface Config {
  /** PostgreSQL for the store and the delivery queue; null keeps the embedded SQLite store. */
  databaseUrl: string | null;
  /** The PostgreSQL schema of the tables; null uses the server's search_path (normally public). */
  databaseSchema: string | null;
  /** Redis for subscriptions' pub/sub across instances; null keeps it in-process. */
  redisUrl: string | null;
  store: StoreConfig;
  host: string;
  port: number;
  /** Folder of the embedded SQLite database. */
  dataDir: string;
  /** CIDRs outbound HTTP may reach even though they are private, loopback or link-local. */
  allowPrivateNetworks: Cidr[];
  /** Timeout of one `testWebhook` request. */
  testTimeoutMs: number;
  /** How many messages testWebhook may send, per call and per API key and minute. */
  testLimits: TestLimits;
  /** How many LOCAL endpoints and event types one tenant may have. */
  tenantLimits: TenantLimits;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs: number;
  /**
   * Events a throwaway gateway publishes and delivers at start-up, before /readyz says ready, so
   * that V8 has compiled the hot paths before the first real request (see warm-up.ts); 0: none.
   */
  warmUpEvents: number;
  /** How long a rotated-out endpoint secret keeps signing next to the new one. */
  rotationOverlapMs: number;
  delivery: DeliveryConfig;
  /** Timeouts, retries and circuit breaking of calls to the provider APIs. */
  upstreamTransport: UpstreamTransportOptions;
  providers: ProvidersConfig;
  security: SecurityConfig;
  http: HttpServerConfig;
  inbound: InboundConfig;
  logging: LoggingConfig;
  auth: AuthConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as a shell's `VAR=` usually means "no value". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

/**
 * With auth off, or HOOKGATE_ALLOWED_HOSTS set, requests must address this machine's loopback
 * names, the listening address, the public URL's host or a listed name (DNS rebinding defence).
 */
function allowedHosts(e: z.infer<typeof environmentSchema>): string[] | null {
  if (e.HOOKGATE_AUTH && e.HOOKGATE_ALLOWED_HOSTS.length === 0) return null;
  const hosts = new Set(['localhost', '127.0.0.1', '::1', ...e.HOOKGATE_ALLOWED_HOSTS]);
  if (!['0.0.0.0', '::'].includes(e.HOST)) hosts.add(e.HOST.toLowerCase().replace(/^\[|\]$/g, ''));
  if (e.HOOKGATE_PUBLIC_URL) hosts.add(new URL(e.HOOKGATE_PUBLIC_URL).hostname.replace(/^\[|\]$/g, ''));
  return [...hosts];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const missing = (variable: string, because: string) => `  ${variable}: required when ${because} is set`;
  const problems: string[] = [];
  if (e.BLAZE_PARTNER_KEY && !e.BLAZE_DEVELOPER_KEY) problems.push(missing('BLAZE_DEVELOPER_KEY', 'BLAZE_PARTNER_KEY'));
  if (e.BLAZE_DEVELOPER_KEY && !e.BLAZE_PARTNER_KEY) problems.push(missing('BLAZE_PARTNER_KEY', 'BLAZE_DEVELOPER_KEY'));
  if (e.UP42_USERNAME && !e.UP42_PASSWORD) problems.push(missing('UP42_PASSWORD', 'UP42_USERNAME'));
  if (e.UP42_PASSWORD && !e.UP42_USERNAME) problems.push(missing('UP42_USERNAME', 'UP42_PASSWORD'));
  // Instances sharing PostgreSQL must share the key that seals endpoint secrets; one generated
  // into a local DATA_DIR would differ per instance.
  if (e.DATABASE_URL && !e.HOOKGATE_SECRET_KEY) problems.push(missing('HOOKGATE_SECRET_KEY', 'DATABASE_URL'));
  if (e.HOOKGATE_MAX_BODY_BYTES <= e.HOOKGATE_MAX_PAYLOAD_BYTES) {
    problems.push('  HOOKGATE_MAX_BODY_BYTES: must be larger than HOOKGATE_MAX_PAYLOAD_BYTES, or the largest event cannot be published');
  }
  if (e.HOOKGATE_TEST_SENDS_PER_MINUTE < e.HOOKGATE_TEST_MAX_PER_CALL) {
    problems.push('  HOOKGATE_TEST_SENDS_PER_MINUTE: must be at least HOOKGATE_TEST_MAX_PER_CALL, or the largest test could never be sent');
  }
  if (e.HOOKGATE_HEADERS_TIMEOUT_MS > e.HOOKGATE_REQUEST_TIMEOUT_MS) {
    problems.push('  HOOKGATE_HEADERS_TIMEOUT_MS: must not exceed HOOKGATE_REQUEST_TIMEOUT_MS, the time for the whole request');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);

  let up42Credentials: Up42Credentials | null = null;
  if (e.UP42_TOKEN) up42Credentials = { kind: 'token', token: e.UP42_TOKEN };
  else if (e.UP42_USERNAME && e.UP42_PASSWORD) {
    up42Credentials = { kind: 'password', username: e.UP42_USERNAME, password: e.UP42_PASSWORD, authUrl: e.UP42_AUTH_URL };
  }

  return {
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    redisUrl: e.REDIS_URL ?? null,
    store: {
      startupWaitMs: e.HOOKGATE_STORE_STARTUP_WAIT_MS,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    },
    host: e.HOST,
    port: e.PORT,
    dataDir: e.DATA_DIR === undefined ? DEFAULT_DATA_DIR : path.resolve(e.DATA_DIR),
    allowPrivateNetworks: e.HOOKGATE_ALLOW_PRIVATE_NETWORKS,
    testTimeoutMs: e.HOOKGATE_TEST_TIMEOUT_MS,
    testLimits: { maxPerCall: e.HOOKGATE_TEST_MAX_PER_CALL, perMinute: e.HOOKGATE_TEST_SENDS_PER_MINUTE },
    tenantLimits: { maxEndpoints: e.HOOKGATE_MAX_ENDPOINTS_PER_TENANT, maxEventTypes: e.HOOKGATE_MAX_EVENT_TYPES_PER_TENANT },
    shutdownTimeoutMs: e.HOOKGATE_SHUTDOWN_TIMEOUT_MS,
    warmUpEvents: e.HOOKGATE_WARMUP_EVENTS,
    rotationOverlapMs: e.HOOKGATE_ROTATION_OVERLAP_MS,
    delivery: {
      retrySchedule: e.HOOKGATE_RETRY_SCHEDULE,
      retryJitter: e.HOOKGATE_RETRY_JITTER,
      retryAfterMaxMs: e.HOOKGATE_RETRY_AFTER_MAX_MS,
      disableAfterFailingMs: e.HOOKGATE_DISABLE_AFTER_FAILING_MS,
      concurrency: e.HOOKGATE_DELIVERY_CONCURRENCY,
      endpointConcurrency: e.HOOKGATE_DELIVERY_ENDPOINT_CONCURRENCY,
      batchSize: e.HOOKGATE_DELIVERY_BATCH_SIZE,
      connectTimeoutMs: e.HOOKGATE_DELIVERY_CONNECT_TIMEOUT_MS,
      timeoutMs: e.HOOKGATE_DELIVERY_TIMEOUT_MS,
      pollMs: e.HOOKGATE_DELIVERY_POLL_MS,
      leaseMs: e.HOOKGATE_DELIVERY_LEASE_MS,
      maxPayloadBytes: e.HOOKGATE_MAX_PAYLOAD_BYTES,
      idempotencyWindowMs: e.HOOKGATE_IDEMPOTENCY_WINDOW_MS,
      publishBatchMax: e.HOOKGATE_PUBLISH_BATCH_MAX,
    },
    upstreamTransport: {
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.UPSTREAM_BODY_TIMEOUT_MS,
      maxRetries: e.UPSTREAM_MAX_RETRIES,
      retryBaseDelayMs: e.UPSTREAM_RETRY_BASE_DELAY_MS,
      maxRetryDelayMs: e.UPSTREAM_MAX_RETRY_DELAY_MS,
      breakerFailureThreshold: e.UPSTREAM_BREAKER_THRESHOLD,
      breakerOpenMs: e.UPSTREAM_BREAKER_OPEN_MS,
      getCacheMs: e.UPSTREAM_GET_CACHE_MS,
      joinGets: e.UPSTREAM_GET_JOIN,
    },
    providers: {
      bolt: e.BOLT_API_KEY
        ? {
            apiKey: e.BOLT_API_KEY,
            apiUrl: e.BOLT_API_URL,
            divisionId: e.BOLT_DIVISION_ID ?? null,
            signingSecret: e.BOLT_SIGNING_SECRET ?? null,
          }
        : null,
      shippo: e.SHIPPO_API_TOKEN
        ? { apiToken: e.SHIPPO_API_TOKEN, apiUrl: e.SHIPPO_API_URL, signingSecret: e.SHIPPO_SIGNING_SECRET ?? null }
        : null,
      blaze:
        e.BLAZE_PARTNER_KEY && e.BLAZE_DEVELOPER_KEY
          ? {
              partnerKey: e.BLAZE_PARTNER_KEY,
              developerKey: e.BLAZE_DEVELOPER_KEY,
              apiUrl: e.BLAZE_API_URL,
              shopId: e.BLAZE_SHOP_ID ?? null,
            }
          : null,
      up42: up42Credentials
        ? { credentials: up42Credentials, apiUrl: e.UP42_API_URL, workspaceId: e.UP42_WORKSPACE_ID ?? null }
        : null,
    },
    security: {
      limits: {
        maxDepth: e.HOOKGATE_MAX_DEPTH,
        maxCost: e.HOOKGATE_MAX_COST,
        maxAliases: e.HOOKGATE_MAX_ALIASES,
        maxDirectives: e.HOOKGATE_MAX_DIRECTIVES,
        maxTokens: e.HOOKGATE_MAX_TOKENS,
      },
      maxBodyBytes: e.HOOKGATE_MAX_BODY_BYTES,
      rateLimit:
        e.HOOKGATE_RATE_LIMIT_PER_MINUTE > 0 ? { perMinute: e.HOOKGATE_RATE_LIMIT_PER_MINUTE, burst: e.HOOKGATE_RATE_LIMIT_BURST } : null,
      introspection: e.HOOKGATE_INTROSPECTION,
      graphiql: e.HOOKGATE_GRAPHIQL,
    },
    http: {
      allowedHosts: allowedHosts(e),
      corsOrigins: e.HOOKGATE_CORS_ORIGINS,
      publicOrigin: e.HOOKGATE_PUBLIC_URL ? new URL(e.HOOKGATE_PUBLIC_URL).origin : null,
      maxConnections: e.HOOKGATE_MAX_CONNECTIONS,
      maxConnectionsPerAddress: e.HOOKGATE_MAX_CONNECTIONS_PER_ADDRESS,
      headersTimeoutMs: e.HOOKGATE_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HOOKGATE_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: e.HOOKGATE_IDLE_TIMEOUT_MS,
      wsInitTimeoutMs: e.HOOKGATE_WS_INIT_TIMEOUT_MS,
    },
    inbound: {
      publicUrl: e.HOOKGATE_PUBLIC_URL ?? null,
      maxBytes: e.HOOKGATE_INBOUND_MAX_BYTES,
      perMinute: e.HOOKGATE_INBOUND_RATE_PER_MINUTE,
      burst: e.HOOKGATE_INBOUND_BURST,
      sourceConcurrency: e.HOOKGATE_INBOUND_SOURCE_CONCURRENCY,
      concurrency: e.HOOKGATE_INBOUND_CONCURRENCY,
    },
    logging: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    auth: {
      enabled: e.HOOKGATE_AUTH,
      upstreamTenant: e.HOOKGATE_UPSTREAM_TENANT,
      secretKey: e.HOOKGATE_SECRET_KEY ? Buffer.from(e.HOOKGATE_SECRET_KEY, 'base64') : null,
      revocationCheckMs: e.HOOKGATE_REVOCATION_CHECK_MS,
    },
  };
}
