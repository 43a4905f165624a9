/**
 * Upstream error text reaches callers only after one redaction, the same for every provider:
 * each double answers with an error body that echoes the gateway's credentials (and other
 * credential-shaped values), and the GraphQL answer never contains them. Before, UP42 passed
 * its error text on as it came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { BLAZE_DOUBLE_DEVELOPER_KEY, BLAZE_DOUBLE_PARTNER_KEY } from './doubles/blaze-double.ts';
import { BOLT_DOUBLE_API_KEY, BOLT_DOUBLE_SIGNING_SECRET } from './doubles/bolt-double.ts';
import type { DoubleResponse } from './doubles/double-server.ts';
import { SHIPPO_DOUBLE_SIGNING_SECRET, SHIPPO_DOUBLE_TOKEN } from './doubles/shippo-double.ts';
import { startUp42Double, UP42_DOUBLE_PASSWORD, UP42_DOUBLE_TOKEN, up42GatewayEnv, type Up42Double } from './doubles/up42-double.ts';
import { type AllDoubles, startAllDoubles, type UpstreamName } from './support/all-doubles.ts';
import { tempDataDir, testConfig } from './support/gateway.ts';

/** Not the gateway's, but shaped like credentials: an upstream echoing a form or a header. */
const FOREIGN_SECRETS = ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];
const ECHO = (credentials: string[]) =>
  `rejected: headers were ${credentials.join(', ')}; body had api_key=${FOREIGN_SECRETS[0]} and "Authorization": "Bearer ${FOREIGN_SECRETS[1]}", secret ${FOREIGN_SECRETS[2]}`;

const CREDENTIALS: Record<UpstreamName, string[]> = {
  BOLT: [BOLT_DOUBLE_API_KEY, BOLT_DOUBLE_SIGNING_SECRET],
  SHIPPO: [`ShippoToken ${SHIPPO_DOUBLE_TOKEN}`, SHIPPO_DOUBLE_SIGNING_SECRET],
  BLAZE: [BLAZE_DOUBLE_PARTNER_KEY, BLAZE_DOUBLE_DEVELOPER_KEY],
  UP42: [`Bearer ${UP42_DOUBLE_TOKEN}`],
};

/** Each provider's own error shape, carrying `message`. */
const ERROR_BODY: Record<UpstreamName, (message: string) => unknown> = {
  BOLT: (message) => ({ errors: [{ code: 1001, message }], result: { success: false } }),
  SHIPPO: (message) => ({ detail: message }),
  BLAZE: (message) => ({ error: 'Forbidden', message, status: 403 }),
  UP42: (message) => ({ data: null, error: { code: 'FORBIDDEN', message, details: {} } }),
};

const STATUSES = [400, 403, 500];

let gateway: RunningGateway;
let doubles: AllDoubles;
const cleanups: (() => Promise<void> | void)[] = [];

async function start(env: Record<string, string>): Promise<RunningGateway> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const started = await startGateway(testConfig({ DATA_DIR: data.dir, UPSTREAM_MAX_RETRIES: '0', UPSTREAM_BREAKER_THRESHOLD: '1000', ...env }));
  cleanups.push(() => started.stop());
  return started;
}

beforeAll(async () => {
  doubles = await startAllDoubles();
  cleanups.push(() => doubles.close());
  gateway = await start(doubles.env);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const EVENT: Record<UpstreamName, string> = { BOLT: 'payment', SHIPPO: 'track_updated', BLAZE: 'NEW_CONSUMER_ORDER', UP42: 'job.status' };

/** A listing (a query: GraphQL error) and a creation (a mutation: error in the result union), each answered by `fail` once. */
async function listAndCreate(origin: string, provider: UpstreamName, fail: () => void): Promise<string[]> {
  const answers: string[] = [];
  for (const query of [
    `{ webhooks(provider: ${provider}) { edges { cursor } } }`,
    `mutation { createWebhook(input: { provider: ${provider}, url: "https://example.com/hook", events: ["${EVENT[provider]}"] }) { __typename ... on Error { message } } }`,
  ]) {
    fail();
    const response = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    answers.push(await response.body.text());
  }
  return answers;
}

function expectNoSecrets(text: string, credentials: readonly string[]): void {
  for (const secret of [...credentials.flatMap((c) => c.split(' ')), ...FOREIGN_SECRETS]) {
    if (secret.length > 12) expect(text).not.toContain(secret);
  }
}

describe.each(['BOLT', 'SHIPPO', 'BLAZE', 'UP42'] as const)('%s error text', (provider) => {
  it.each(STATUSES)('with HTTP %i is redacted before it reaches the caller', async (status) => {
    const server = doubles.servers[provider];
    const failure: DoubleResponse = { status, body: ERROR_BODY[provider](ECHO(CREDENTIALS[provider])) };
    const answers = await listAndCreate(gateway.origin, provider, () => {
      server.clearFailures();
      server.inject(failure);
    });
    server.clearFailures();
    for (const text of answers) {
      expect(text).toContain('rejected: headers were [redacted]');
      expectNoSecrets(text, CREDENTIALS[provider]);
    }
  });
});

describe('UP42 signed in with a username and password', () => {
  let up42: Up42Double;
  let passwordGateway: RunningGateway;

  beforeAll(async () => {
    up42 = await startUp42Double();
    cleanups.push(() => up42.close());
    passwordGateway = await start(up42GatewayEnv(up42, { auth: 'password' }));
  });

  it('never shows the password or the token it was given, in API or envelope errors', async () => {
    // One successful call first, so the gateway holds a token the double can echo.
    const first = await request(`${passwordGateway.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ webhooks(provider: UP42) { edges { cursor } } }' }),
    });
    expect(await first.body.text()).not.toContain('"errors"');
    const token = String(up42.server.requests.findLast((r) => r.headers.authorization)?.headers.authorization);
    expect(token).toMatch(/^Bearer \S{12,}/);
    const secrets = [token, UP42_DOUBLE_PASSWORD];
    const failWith = (status: number) => () => {
      up42.server.clearFailures();
      up42.server.inject({ match: (r) => r.path.startsWith('/workspaces/'), status, body: ERROR_BODY.UP42(ECHO(secrets)) });
    };
    const refused = await listAndCreate(passwordGateway.origin, 'UP42', failWith(403));
    // HTTP 200 with `data: null` and an error: the envelope path.
    const enveloped = await listAndCreate(passwordGateway.origin, 'UP42', failWith(200));
    expect(enveloped.join()).toContain('answered without data');
    for (const text of [...refused, ...enveloped]) {
      expect(text).toContain('rejected: headers were');
      expectNoSecrets(text, secrets);
    }
  });
});
