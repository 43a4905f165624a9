/**
 * The store as the gateway uses it: every call of the backend store, with the backend's faults
 * (database down or restarting, storage full) turned into the domain errors
 * StoreUnavailableError and StorageFullError and reported to the store's health. Other errors
 * pass through unchanged.
 */
import type { Logger } from '../observability/logger.ts';
import { type FaultClassifier, faultError } from './store-fault.ts';
import { StoreHealth } from './store-health.ts';
import type { Store } from './store.ts';

/** A Store whose faults are domain errors, with the health they feed (readiness, metrics). */
export type GuardedStore = Store & {
  /** Whether writes succeed, as last found out. */
  readonly health: StoreHealth;
};

/**
 * Wraps every method of `inner`, so a method added to the Store interface is guarded without
 * being listed here (a hand-written delegation once dropped an argument silently).
 */
export function guardStore(inner: Store, classify: FaultClassifier, logger: Pick<Logger, 'error' | 'info'>): GuardedStore {
  /** The call, with its rejection translated (no extra await on the way: it is on every store call). */
  const guard = <T>(call: () => Promise<T>): Promise<T> =>
    call().catch((error: unknown) => {
      const fault = classify(error);
      if (fault === null) throw error;
      health.fault(fault);
      throw faultError(fault.kind, error);
    });
  const health = new StoreHealth({ logger, probe: () => guard(() => inner.probeWrite()) });

  const own: Partial<Record<PropertyKey, unknown>> = {
    health,
    /** Readiness: throws while the database does not answer, or (after a failed write) until writes succeed again. */
    async ping(): Promise<void> {
      await guard(() => inner.ping());
      const condition = await health.check();
      if (condition !== 'ok') throw faultError(condition);
    },
    async close(): Promise<void> {
      health.close();
      await inner.close();
    },
  };
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(inner, {
    get(target, property) {
      if (property in own) return own[property];
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        method = (...args: unknown[]) => guard(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        wrapped.set(property, method);
      }
      return method;
    },
  }) as GuardedStore;
}
