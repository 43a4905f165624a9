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
console.log(`Hookgate listening on ${gateway.origin}/graphql (GraphiQL in a browser); data in ${config.dataDir}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal} received: finishing in-flight requests`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  });
}
