/** The gateway's Prometheus metrics, read through real HTTP (`GET /metrics`). */
import { waitFor } from './wait-for.ts';

export type MetricSample = (name: string, labels?: Record<string, string>) => number;

/** One scrape: every value read from it is of the same instant. */
export async function scrapeMetrics(origin: string): Promise<MetricSample> {
  const lines = (await (await fetch(`${origin}/metrics`)).text()).split('\n');
  return (name, labels = {}) => {
    const wanted = Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    const prefix = wanted ? `${name}{${wanted}} ` : `${name} `;
    const line = lines.find((l) => l.startsWith(prefix));
    if (line === undefined) throw new Error(`no metric ${prefix.trim()} in /metrics`);
    return Number(line.slice(prefix.length));
  };
}

export async function readMetric(origin: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return (await scrapeMetrics(origin))(name, labels);
}

/** Waits until the gateway serves exactly `count` deliveryEvents subscriptions (each live from then on). */
export async function waitForOpenSubscriptions(origin: string, count: number): Promise<void> {
  await waitFor(async () => (await readMetric(origin, 'hookgate_subscriptions_open')) === count, 60_000, 50);
}

/**
 * Waits for `count` more sweeps of the store behind subscriptions (one a second): after two, every
 * attempt recorded before the call has had its chance to reach a subscriber.
 */
export async function waitForSweeps(origin: string, count = 2): Promise<void> {
  const from = await readMetric(origin, 'hookgate_subscription_sweeps_total');
  await waitFor(async () => (await readMetric(origin, 'hookgate_subscription_sweeps_total')) >= from + count, 60_000, 100);
}
