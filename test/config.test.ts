import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults for the embedded setup', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      dataDir: path.resolve('./data'),
      allowPrivateNetworks: [],
      testTimeoutMs: 10_000,
      providers: { bolt: null, shippo: null, blaze: null, up42: null },
      store: { startupWaitMs: 300_000, connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATA_DIR: '' }).port).toBe(4000);
  });

  it.each([
    [{ PORT: '70000' }, /PORT: must be a whole number from 0 to 65535/],
    [{ HOOKGATE_TEST_TIMEOUT_MS: '0' }, /HOOKGATE_TEST_TIMEOUT_MS: must be a whole number/],
    [{ HOOKGATE_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8,banana' }, /HOOKGATE_ALLOW_PRIVATE_NETWORKS: "banana" is not an IP address/],
    [{ BOLT_API_URL: 'ftp://bolt' }, /BOLT_API_URL: must be an http\(s\) URL/],
    [{ BLAZE_PARTNER_KEY: 'k' }, /BLAZE_DEVELOPER_KEY: required when BLAZE_PARTNER_KEY is set/],
    [{ UP42_USERNAME: 'u' }, /UP42_PASSWORD: required when UP42_USERNAME is set/],
    [{ UPSTREAM_MAX_RETRIES: '3' }, /UPSTREAM_MAX_RETRIES: must be a whole number from 0 to 2/],
    [{ HOOKGATE_TEST_MAX_PER_CALL: '30', HOOKGATE_TEST_SENDS_PER_MINUTE: '10' }, /HOOKGATE_TEST_SENDS_PER_MINUTE: must be at least HOOKGATE_TEST_MAX_PER_CALL/],
    [{ HOOKGATE_MAX_ENDPOINTS_PER_TENANT: '0' }, /HOOKGATE_MAX_ENDPOINTS_PER_TENANT: must be a whole number/],
    [{ HOOKGATE_MAX_EVENT_TYPES_PER_TENANT: 'many' }, /HOOKGATE_MAX_EVENT_TYPES_PER_TENANT: must be a whole number/],
    [{ HOOKGATE_STORE_STARTUP_WAIT_MS: '-1' }, /HOOKGATE_STORE_STARTUP_WAIT_MS: must be a whole number/],
    [{ DATABASE_QUERY_TIMEOUT_MS: 'soon' }, /DATABASE_QUERY_TIMEOUT_MS: must be a whole number/],
    [{ HOOKGATE_PUBLISH_BATCH_MAX: '0' }, /HOOKGATE_PUBLISH_BATCH_MAX: must be a whole number from 1 to 1000/],
    [{ UPSTREAM_GET_JOIN: 'sometimes' }, /UPSTREAM_GET_JOIN: must be true or false/],
  ])('names the variable in %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('configures a provider only when its credentials are given', () => {
    const config = loadConfig({ SHIPPO_API_TOKEN: 'shippo_test_x', UP42_USERNAME: 'u', UP42_PASSWORD: 'p' });
    expect(config.providers.shippo).toEqual({ apiToken: 'shippo_test_x', apiUrl: 'https://api.goshippo.com', signingSecret: null });
    expect(config.providers.up42?.credentials).toMatchObject({ kind: 'password', username: 'u' });
    expect(config.providers.bolt).toBeNull();
  });
});
