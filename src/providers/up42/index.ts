import type { Up42Config } from '../../config.ts';
import type { WebhookProvider } from '../contract.ts';
import { UpstreamClient } from '../upstream/upstream-client.ts';
import type { UpstreamDeps } from '../upstream/upstream-deps.ts';
import { EventCatalogue } from './event-catalogue.ts';
import { createTokenSource } from './token-source.ts';
import { Up42Api } from './up42-api.ts';
import { Up42Provider } from './up42-provider.ts';
import { describeUp42Error } from './wire.ts';

/** Builds the UP42 adapter from its configuration. */
export function createUp42Provider(config: Up42Config, deps: UpstreamDeps): WebhookProvider {
  const tokens = createTokenSource({ credentials: config.credentials, transport: deps.transport });
  const client = new UpstreamClient({
    provider: 'UP42',
    baseUrl: config.apiUrl,
    headers: async () => ({ authorization: `Bearer ${await tokens.token()}` }),
    describeError: describeUp42Error,
    secrets: config.credentials.kind === 'password' ? [config.credentials.password] : [],
    transport: deps.transport,
    // A refused token is dropped and a fresh one fetched, once; a fixed token has nothing to renew.
    ...(tokens.invalidate ? { onUnauthorized: tokens.invalidate } : {}),
  });
  const api = new Up42Api(client);
  return new Up42Provider({
    api,
    catalogue: new EventCatalogue({ fetch: () => api.listEvents() }),
    defaultWorkspaceId: config.workspaceId,
    onClose: () => tokens.close(),
  });
}
