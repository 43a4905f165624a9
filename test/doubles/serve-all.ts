/**
 * `npm run mock:upstreams`: starts the four provider test doubles on fixed loopback ports
 * (MOCK_UPSTREAMS_PORT, default 4101–4104) with a few sample webhooks, and prints the
 * environment that points the gateway at them, and how to make one emit an event
 * (`POST /_control/emit`). Ctrl-C stops them.
 */
import { blazeGatewayEnv, startBlazeDouble } from './blaze-double.ts';
import { boltGatewayEnv, startBoltDouble } from './bolt-double.ts';
import { shippoGatewayEnv, startShippoDouble } from './shippo-double.ts';
import { startUp42Double, up42GatewayEnv } from './up42-double.ts';

const base = Number(process.env.MOCK_UPSTREAMS_PORT ?? 4101);
if (!Number.isInteger(base) || base < 1 || base > 65_532) {
  console.error('MOCK_UPSTREAMS_PORT must be a port number from 1 to 65532');
  process.exit(1);
}

const [bolt, shippo, blaze, up42] = await Promise.all([
  startBoltDouble({ port: base }),
  startShippoDouble({ port: base + 1 }),
  startBlazeDouble({ port: base + 2 }),
  startUp42Double({ port: base + 3 }),
]);

const now = Date.now();
bolt.seed({ url: 'https://shop.example.com/hooks/bolt', events: ['payment', 'capture'], createdAt: now - 3_600_000 });
shippo.seed(3);
blaze.seed({ webHookType: 'NEW_CONSUMER_ORDER', webHookUrls: ['https://shop.example.com/hooks/blaze'] });
up42.seed({ url: 'https://shop.example.com/hooks/up42', events: ['order.status'], name: 'orders' });

const env = { ...boltGatewayEnv(bolt), ...shippoGatewayEnv(shippo), ...blazeGatewayEnv(blaze), ...up42GatewayEnv(up42) };
console.log('Provider test doubles are running. Start the gateway against them with:\n');
console.log(
  Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join(' \\\n') + ' \\\nnpm start\n',
);
console.log(
  'To make a provider send an event (signed as it signs) to every webhook registered on its double, e.g. an inbound source:\n\n' +
    `  curl -X POST ${shippo.url}/_control/emit -H 'content-type: application/json' -d '{"event": "track_updated"}'\n\n` +
    `(Bolt ${bolt.url}: "payment", BLAZE ${blaze.url}: "NEW_CONSUMER_ORDER", UP42 ${up42.url}: "order.status")\n`,
);
console.log('Ctrl-C stops the doubles.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([bolt.close(), shippo.close(), blaze.close(), up42.close()]).then(() => process.exit(0));
  });
}
