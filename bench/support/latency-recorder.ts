/** Request latencies in milliseconds, summarised as percentiles (nearest rank). */

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyRecorder {
  #samples: number[] = [];
  #sorted = true;

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a finite, non-negative number of ms, got ${ms}`);
    const last = this.#samples.at(-1);
    if (last !== undefined && ms < last) this.#sorted = false;
    this.#samples.push(ms);
  }

  /** Adds every sample of `other` (e.g. to pool several measured rounds). */
  merge(other: LatencyRecorder): void {
    for (const ms of other.#samples) this.#samples.push(ms);
    if (other.count > 0) this.#sorted = false;
  }

  get count(): number {
    return this.#samples.length;
  }

  /** The smallest sample that at least `p` % of the samples do not exceed; NaN when empty. */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be from 0 to 100, got ${p}`);
    const samples = this.#ordered();
    if (samples.length === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * samples.length));
    return samples[rank - 1] ?? Number.NaN;
  }

  summary(): LatencySummary {
    const samples = this.#ordered();
    const total = samples.reduce((sum, ms) => sum + ms, 0);
    return {
      count: samples.length,
      min: samples[0] ?? Number.NaN,
      mean: samples.length === 0 ? Number.NaN : total / samples.length,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: samples.at(-1) ?? Number.NaN,
    };
  }

  #ordered(): number[] {
    if (!this.#sorted) {
      this.#samples.sort((a, b) => a - b);
      this.#sorted = true;
    }
    return this.#samples;
  }
}
