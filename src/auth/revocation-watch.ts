/**
 * Ends what a revoked key still holds open. A key is revoked in the store, possibly by the CLI
 * in another process or through another instance, so this process cannot be told: instead,
 * while anything is watched it asks the store every `intervalMs`, in one query, which of the
 * watched keys are still active, and calls the watchers of the others. Nothing runs while
 * nothing is watched.
 */
import type { Store } from '../store/store.ts';

type Log = (message: string, error?: unknown) => void;

export class RevocationWatch {
  readonly #store: Pick<Store, 'activeApiKeyIds'>;
  readonly #intervalMs: number;
  readonly #log: Log;
  /** Key id → what to call when it is found revoked. */
  readonly #watchers = new Map<string, Set<() => void>>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(store: Pick<Store, 'activeApiKeyIds'>, options: { intervalMs: number; log: Log }) {
    this.#store = store;
    this.#intervalMs = options.intervalMs;
    this.#log = options.log;
  }

  /** Calls `onRevoked` once when the key is found revoked; returns the function that stops watching. */
  watch(keyId: string, onRevoked: () => void): () => void {
    let watchers = this.#watchers.get(keyId);
    if (!watchers) this.#watchers.set(keyId, (watchers = new Set()));
    watchers.add(onRevoked);
    this.#schedule();
    return () => {
      watchers.delete(onRevoked);
      if (watchers.size === 0 && this.#watchers.get(keyId) === watchers) this.#watchers.delete(keyId);
    };
  }

  /** Keys currently watched (for tests and metrics). */
  get size(): number {
    return this.#watchers.size;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#watchers.size === 0) return;
    this.#timer = setTimeout(() => void this.#check(), this.#intervalMs).unref();
  }

  async #check(): Promise<void> {
    const ids = [...this.#watchers.keys()];
    try {
      const active = await this.#store.activeApiKeyIds(ids);
      for (const id of ids) {
        if (active.has(id)) continue;
        const watchers = this.#watchers.get(id);
        this.#watchers.delete(id);
        for (const onRevoked of watchers ?? []) onRevoked();
      }
    } catch (error) {
      // The store is unreachable: keep what is open and ask again next time.
      if (!this.#closed) this.#log('Could not re-check the API keys of open subscriptions', error);
    } finally {
      this.#timer = null;
      this.#schedule();
    }
  }
}
