/**
 * The worker thread of outbound-thread.ts: an OutboundClient of its own (its own address guard,
 * deadlines and connection pools) that sends the POSTs the main thread hands it and answers with
 * their outcomes. Requests and outcomes travel in batches, one message per turn of each event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AddressGuard, type Cidr } from './address-guard.ts';
import { BlockedAddressError } from './guarded-connector.ts';
import { OutboundClient } from './outbound-client.ts';
import type { ThreadRequest, ThreadOutcome } from './outbound-thread.ts';

const { allowPrivateNetworks, connectTimeoutMs } = workerData as { allowPrivateNetworks: Cidr[]; connectTimeoutMs: number };
const client = new OutboundClient({ guard: new AddressGuard(allowPrivateNetworks), connectTimeoutMs });
const port = parentPort!;

let outcomes: ThreadOutcome[] = [];
const flush = () => {
  const batch = outcomes;
  outcomes = [];
  port.postMessage(batch);
};
const answer = (outcome: ThreadOutcome) => {
  if (outcomes.push(outcome) === 1) setImmediate(flush);
};

port.on('message', (message: ThreadRequest[] | 'stop') => {
  if (message === 'stop') {
    void client.close().finally(() => port.close());
    return;
  }
  for (const { id, post } of message) {
    client.post(post).then(
      (response) => answer({ id, response }),
      (error: unknown) => {
        const err = error as { name?: string; code?: unknown; message?: string };
        answer({
          id,
          error: {
            name: err.name ?? 'Error',
            code: typeof err.code === 'string' ? err.code : undefined, // a DOMException's is a number
            message: err.message ?? String(error),
            blocked: error instanceof BlockedAddressError ? { host: error.host, reason: error.reason } : undefined,
          },
        });
      },
    );
  }
});
