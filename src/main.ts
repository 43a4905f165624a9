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

// At once, not within the log's 100 ms: whoever started the gateway is waiting for this line.
await new Promise<void>((resolve) => logger.flush(() => resolve()));

if (gateway.app.bootstrapKey) {
  // Printed once, straight to the terminal (not the log): the admin key of this first start.
  process.stdout.write(
    `\nNo API key existed, so an admin key for tenant "default" was created. It is shown only now\n` +
      `and kept in ${gateway.app.bootstrapKey.file} (readable by you only):\n\n  ${gateway.app.bootstrapKey.token}\n\n` +
      `Send it as Authorization: Bearer <key> (in GraphiQL: the Headers tab). Create more with: npx hookgate keys create\n\n`,
  );
}
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
