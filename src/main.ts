import { ConfigError, loadConfig } from './config.ts';
import { startGateway } from './server.ts';

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
