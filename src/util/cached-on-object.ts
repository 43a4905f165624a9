/**
 * Computes a value once per object and keeps it on the object itself, under a symbol only this
 * function knows, non-enumerable so that spreads and JSON never see it. For derived values of
 * objects nobody mutates (a parsed upstream answer, a Date, a Webhook): the upstream client
 * hands out the same parsed answer while it reuses a GET (see upstream-client.ts), so a burst
 * of the same listing sorts, encodes ids and formats dates once instead of once per request.
 * Kept on the object rather than in a WeakMap: an ephemeron per small object costs more in GC
 * than recomputing it.
 */
export function cachedOnObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const slot = Symbol('cached');
  return (key) => {
    const holder = key as K & { [slot]?: V };
    if (slot in holder) return holder[slot] as V;
    const value = compute(key);
    if (Object.isExtensible(holder)) Object.defineProperty(holder, slot, { value });
    return value;
  };
}
