/** Prometheus metrics of the `deliveryEvents` subscriptions, served at /metrics with the others. */
import { Counter, Gauge, type Registry } from 'prom-client';

const STORE_READS = ['start', 'sweep', 'replay'] as const;

export class SubscriptionMetrics {
  readonly open: Gauge;
  readonly storeReads: Counter<'read'>;
  readonly sweeps: Counter;
  readonly sweptAttempts: Counter;

  constructor(registry: Registry) {
    this.open = new Gauge({
      name: 'hookgate_subscriptions_open',
      help: 'deliveryEvents subscriptions open on this instance.',
      registers: [registry],
    });
    this.storeReads = new Counter({
      name: 'hookgate_subscription_store_reads_total',
      help: 'Store queries made for subscriptions: start (where live events begin), sweep (attempts pub/sub did not bring), replay (a resuming subscriber).',
      labelNames: ['read'],
      registers: [registry],
    });
    for (const read of STORE_READS) this.storeReads.inc({ read }, 0);
    this.sweeps = new Counter({
      name: 'hookgate_subscription_sweeps_total',
      help: 'Sweeps of the store for attempts pub/sub did not bring; one per second while any subscription is open.',
      registers: [registry],
    });
    this.sweptAttempts = new Counter({
      name: 'hookgate_subscription_swept_attempts_total',
      help: 'Attempts those sweeps read: the recent ones only, never the history.',
      registers: [registry],
    });
  }
}
