/**
 * Rows the publish path reads for every event (its event type, the endpoints subscribed to it),
 * kept until the store itself writes something that could change them, or undoes a write.
 * This is right only because the embedded store is its file's one writer of those tables (the
 * CLI, the only other process that opens the file, writes API keys alone). On this path a
 * read costs SQLite about as much as the event's own insert: outside a transaction it takes a
 * read lock on the WAL index, a pair of system calls.
 */
export class ReadThroughCache<V> {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, V>();

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /** The value kept under `key`, or what `read` gives, kept from now on. */
  get(key: string, read: () => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const value = read();
    // A bound, not an eviction policy: the keys are a tenant's event types, normally few.
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }

  /** Everything kept may be stale. */
  clear(): void {
    this.#entries.clear();
  }
}
