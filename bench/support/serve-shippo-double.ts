/**
 * The Shippo test double as its own process, so that a benchmark's baseline and the gateway
 * both talk to a server with a core of its own:
 *
 *   node bench/support/serve-shippo-double.ts --seed 200 [--port 0]
 *
 * Prints "Shippo double listening on <url>" once ready; SIGTERM or SIGINT stops it, and so does
 * the end of the process that started it.
 */
import { parseArgs } from 'node:util';
import { startShippoDouble } from '../../test/doubles/shippo-double.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '200' },
    port: { type: 'string', default: '0' },
  },
});
const seed = Number(values.seed);
const port = Number(values.port);
if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`--seed must be a whole number, got ${values.seed}`);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be a port number, got ${values.port}`);

const double = await startShippoDouble({ port });
double.seed(seed);
// The double logs every request for tests to inspect; under load that log only grows.
const trimLog = setInterval(() => double.resetLog(), 1000);
console.log(`Shippo double listening on ${double.url} with ${seed} webhooks`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  clearInterval(trimLog);
  void double.close().then(() => process.exit(0));
};
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, stop);
// A parent killed outright (SIGKILL) cannot stop us: notice that we were re-parented instead.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
