/**
 * An example frontend-style client: lists your webhooks, then streams every delivery attempt as
 * it happens, with `hookgate/client` (typed documents, the key sent the way the gateway reads it).
 *
 *   HOOKGATE_API_KEY=hg_… node examples/list-and-stream.ts [--url http://127.0.0.1:4000/graphql] [--transport ws|sse] [--count N]
 */
import { parseArgs } from 'node:util';
import { createHookgateClient, DeliveryEvents, ListWebhooks } from 'hookgate/client';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.HOOKGATE_URL ?? 'http://127.0.0.1:4000/graphql' },
    transport: { type: 'string', default: 'ws' },
    count: { type: 'string' },
  },
});
if (values.transport !== 'ws' && values.transport !== 'sse') throw new Error('--transport must be ws or sse');
const client = createHookgateClient({ url: values.url, apiKey: process.env.HOOKGATE_API_KEY });

const { webhooks } = await client.request(ListWebhooks, { first: 50 });
console.log(`${webhooks.edges.length} webhook(s):`);
for (const { node } of webhooks.edges) console.log(`  ${node.provider}  ${node.url}  [${node.events.join(', ')}]  ${node.id}`);
for (const failure of webhooks.providerErrors) console.log(`  (${failure.provider} could not be listed: ${failure.message})`);

console.log(`Streaming deliveryEvents over ${values.transport === 'ws' ? 'WebSocket' : 'SSE'}…`);
let seen = 0;
for await (const { deliveryEvents: e } of client.subscribe(DeliveryEvents, {}, values.transport)) {
  console.log(`  ${e.occurredAt}  ${e.eventType}  attempt ${e.attemptNumber}  ${e.outcome}  HTTP ${e.statusCode ?? '-'}  → ${e.deliveryStatus}`);
  seen += 1;
  if (values.count !== undefined && seen >= Number(values.count)) break;
}
await client.close();
