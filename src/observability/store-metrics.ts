/** The store's health on /metrics, beside the delivery metrics. */
import { Gauge, type Registry } from 'prom-client';
import type { StoreHealth } from '../store/store-health.ts';

export function registerStoreMetrics(registry: Registry, health: StoreHealth): void {
  new Gauge({
    name: 'hookgate_store_writable',
    help: '1 while the store takes writes; 0 from a failed write (database unavailable, storage full) until a write probe succeeds.',
    registers: [registry],
    collect() {
      this.set(health.writable ? 1 : 0);
    },
  });
}
