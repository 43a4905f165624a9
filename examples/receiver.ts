/**
 * An example webhook receiver: listens on 127.0.0.1:9000 (README's address), verifies each
 * delivery's Standard Webhooks signature with the endpoint's secret and prints each event.
 *
 *   WEBHOOK_SECRET=whsec_… npm run receiver            # or: npm run receiver -- --secret whsec_… --port 9000
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { webhookReceiver } from 'hookgate/client';

const { values } = parseArgs({
  options: { secret: { type: 'string' }, port: { type: 'string', default: '9000' }, host: { type: 'string', default: '127.0.0.1' } },
});
const secret = values.secret ?? process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('Give the endpoint secret (whsec_…, from createWebhook): WEBHOOK_SECRET=whsec_… npm run receiver');
  process.exit(2);
}

const server = createServer(
  webhookReceiver({
    secret,
    onWebhook: (webhook) => console.log(`✔ ${webhook.type}  ${webhook.id}  ${JSON.stringify(webhook.data)}`),
    onRejected: (reason) => console.log(`✘ rejected (answered 401): ${reason}`),
  }),
);
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`Receiving webhooks on http://${address}:${port}/hooks (signatures checked; Ctrl-C stops)`);
});
