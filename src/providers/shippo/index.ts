import type { ShippoConfig } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import { UpstreamClient } from '../upstream/upstream-client.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { describeShippoError } from './describe-error.ts';
import { ShippoApi } from './shippo-api.ts';
import { ShippoProvider } from './shippo-provider.ts';

const TOKEN_SCHEME = 'ShippoToken ';

/** Builds the SHIPPO adapter from its configuration. */
export function createShippoProvider(config: ShippoConfig, deps: UpstreamDeps): WebhookProvider {
  // Like the SDKs, accept the token with or without its scheme.
  const token = config.apiToken.startsWith(TOKEN_SCHEME) ? config.apiToken.slice(TOKEN_SCHEME.length) : config.apiToken;
  const authorization = `${TOKEN_SCHEME}${token}`;
  const client = new UpstreamClient({
    provider: 'SHIPPO',
    baseUrl: config.apiUrl,
    // The webhook operations declare no SHIPPO-API-VERSION header, so none is sent.
    headers: () => ({ authorization }),
    describeError: describeShippoError,
    secrets: [config.signingSecret],
    transport: deps.transport,
  });
  return new ShippoProvider({
    api: new ShippoApi(client, config.apiUrl),
    client,
    testSender: deps.testSender,
    signingSecret: config.signingSecret,
  });
}
