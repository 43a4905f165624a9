/**
 * The provider events this process stored last, by id: what a `providerEvents` subscriber is
 * told about is nearly always one of them, and each subscriber would otherwise read it back
 * from the store. Events another instance stored (announced through Redis) are read from the
 * store as before.
 */
import type { ProviderEventRecord } from '../store/store.ts';

/**
 * Enough for the events announced while a subscriber's previous one was being sent; few enough
 * that they die young (kept longer, they would be promoted to the old generation and make work
 * for its collections at a provider's rate). A subscriber further behind reads from the store.
 */
const KEPT = 256;

export class RecentProviderEvents {
  readonly #byId = new Map<string, ProviderEventRecord>();

  remember(event: ProviderEventRecord): void {
    this.#byId.set(event.id, event);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.#byId.size > KEPT) this.#byId.delete(this.#byId.keys().next().value as string);
  }

  /** The event, when it is recent and the tenant's; null otherwise (read it from the store). */
  get(tenant: string, id: string): ProviderEventRecord | null {
    const event = this.#byId.get(id);
    return event !== undefined && event.tenant === tenant ? event : null;
  }
}
