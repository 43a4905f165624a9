/**
 * API keys that the store confirmed active a moment ago, so that a caller's requests do not
 * each cost a store look-up and a hash (together about a tenth of a small publish's CPU).
 *
 * A key is revoked in the store, possibly by the CLI in another process or through another
 * instance, and nothing tells this process. So an entry is trusted for `ttlMs` after the
 * look-up that found the key active began, and never longer: a revoked key stops working on
 * every instance within `ttlMs` of its revocation. Only keys found active are kept, so a key
 * created a moment ago works at once and an unknown one is looked up every time (refusals are
 * rate-limited instead). The entries are bounded; when full, the oldest go first.
 */
import type { Principal } from './principal.ts';

const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  /** performance.now() until which the entry is trusted. */
  until: number;
}

export class RecentlyAuthenticatedKeys {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** The principal of `token` when the store found it active less than `ttlMs` ago. */
  get(token: string): Principal | null {
    const entry = this.#entries.get(token);
    if (entry === undefined) return null;
    if (performance.now() < entry.until) return entry.principal;
    this.#entries.delete(token);
    return null;
  }

  /** Remembers that a look-up begun at `checkedAt` (performance.now()) found `token` active. */
  remember(token: string, principal: Principal, checkedAt: number): void {
    if (this.#ttlMs <= 0) return;
    this.#entries.delete(token);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { principal, until: checkedAt + this.#ttlMs });
  }

  get size(): number {
    return this.#entries.size;
  }
}
