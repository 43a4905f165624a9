import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_KEY_FILE } from './auth/bootstrap-admin-key.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startGateway } from './server.ts';
import { startBanner } from './start-banner.ts';
import { storeLocation } from './store/store-location.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const gateway = await startGateway(config);
const logger = gateway.app.logger;
logger.info(
  { origin: gateway.origin, dataDir: config.dataDir },
  `Hookgate listening on ${gateway.origin}/graphql${config.security.graphiql ? ' (GraphiQL in a browser)' : ''}; data in ${config.dataDir}`,
);

// At once, not within the log's 100 ms: whoever started the gateway is waiting for this line.
await new Promise<void>((resolve) => logger.flush(() => resolve()));

const keyFile = path.join(config.dataDir, ADMIN_KEY_FILE);
process.stderr.write(
  startBanner({
    graphqlUrl: `${gateway.origin}/graphql`,
    graphiql: config.security.graphiql,
    store: storeLocation(config).description,
    authEnabled: config.auth.enabled,
    createdKey: gateway.app.bootstrapKey,
    existingKeyFile: existsSync(keyFile) ? keyFile : null,
    terminal: process.stderr.isTTY === true,
  }),
);
if (!config.auth.enabled) logger.warn('HOOKGATE_AUTH=off: every request acts as the admin of tenant "default"; listening on loopback only');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, `${signal} received: finishing in-flight requests`);
    gateway.stop().then(
      () => logger.flush(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  });
}
