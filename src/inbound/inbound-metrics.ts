import { Counter, type Registry } from 'prom-client';

/** How an inbound request ended. */
export type InboundOutcome =
  | 'accepted'
  | 'duplicate'
  | 'rejected'
  | 'unknown_source'
  | 'too_large'
  | 'limited'
  | 'malformed'
  | 'store_unavailable';

/** `hookgate_inbound_requests_total{provider, outcome}`, served at /metrics with the delivery metrics. */
export function inboundRequestsCounter(registry: Registry): Counter<'provider' | 'outcome'> {
  return new Counter({
    name: 'hookgate_inbound_requests_total',
    help: 'Requests to inbound sources by provider (UNKNOWN when no source matched) and outcome.',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
}
