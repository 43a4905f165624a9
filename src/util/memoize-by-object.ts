/**
 * Caches what `compute` made of an object for as long as that object lives. The upstream
 * client hands out the same parsed answer while it reuses a GET (see upstream-client.ts), so a
 * burst of the same listing is mapped and sorted once instead of once per request.
 * Only for pure functions of the object's contents, which nobody mutates; and only for a few
 * big objects: a WeakMap entry per small one costs more in GC than it saves.
 */
export function memoizeByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key) as V;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
