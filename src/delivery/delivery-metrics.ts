/** Prometheus metrics of the delivery pipeline, served at /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueStats, Store } from '../store/store.ts';

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, GC, event-loop lag), collected once per process: they
 * describe the process, not one app, and collecting them installs a GC observer and an
 * event-loop monitor that nothing stops (a throwaway app, like the start-up warm-up's, would
 * leave its own behind).
 */
function processMetricsRegistry(): Registry {
  if (processMetrics === undefined) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'hookgate_' });
  }
  return processMetrics;
}

export class DeliveryMetrics {
  /** This app's metrics, with the process's. */
  readonly registry = Registry.merge([processMetricsRegistry(), new Registry()]);
  readonly attempts: Counter<'outcome'>;
  readonly deliveries: Counter<'status'>;
  readonly latency: Histogram;
  readonly dispatches: Counter<'via'>;

  constructor(store: Store) {
    this.attempts = new Counter({
      name: 'hookgate_delivery_attempts_total',
      help: 'Delivery attempts by outcome.',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.deliveries = new Counter({
      name: 'hookgate_deliveries_total',
      help: 'Deliveries that reached a final status (SUCCEEDED or FAILED).',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'hookgate_delivery_latency_seconds',
      help: 'From publish to the successful attempt.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600],
      registers: [this.registry],
    });
    this.dispatches = new Counter({
      name: 'hookgate_delivery_dispatches_total',
      help: 'Deliveries handed to the worker, via the publish that created them (no claim needed) or via a claim.',
      labelNames: ['via'],
      registers: [this.registry],
    });
    // Read from the store at scrape time, so they are right whichever instance did the work.
    // While the store cannot answer they keep their last reading: /metrics must answer then most.
    let last: QueueStats = { pending: 0, oldestPendingAt: null };
    let stats: Promise<QueueStats> | null = null;
    const readStats = () =>
      (stats ??= store
        .queueStats()
        .then((read) => (last = read), () => last)
        .finally(() => setTimeout(() => (stats = null), 0)));
    new Gauge({
      name: 'hookgate_delivery_queue_depth',
      help: 'Deliveries waiting for an attempt (PENDING).',
      registers: [this.registry],
      async collect() {
        this.set((await readStats()).pending);
      },
    });
    new Gauge({
      name: 'hookgate_delivery_oldest_pending_age_seconds',
      help: 'Age of the oldest PENDING delivery; 0 when none.',
      registers: [this.registry],
      async collect() {
        const { oldestPendingAt } = await readStats();
        this.set(oldestPendingAt ? (Date.now() - oldestPendingAt.getTime()) / 1000 : 0);
      },
    });
  }
}
