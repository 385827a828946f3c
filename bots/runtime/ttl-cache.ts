/**
 * Remembers what a look-up found for a short while, so a burst of requests from one workspace asks
 * the database once: at most `maxEntries` keys (the oldest goes first), each for `ttlMs`. Only found
 * values are kept, so something created a moment ago is never hidden by an earlier miss; concurrent
 * look-ups of one key share one query.
 *
 * @example
 * const tenants = ttlCache({ ttlMs: 5_000, maxEntries: 1_000 });
 * const tenant = await tenants.get(tenantId, () => directory.findById(tenantId));
 */
export function ttlCache<T>(options: { ttlMs: number; maxEntries: number; nowMs?: () => number }) {
  const nowMs = options.nowMs ?? Date.now;
  const entries = new Map<string, { value: Promise<T | undefined>; expiresAtMs: number }>();
  return {
    get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
      const hit = entries.get(key);
      if (hit && hit.expiresAtMs > nowMs()) return hit.value;
      entries.delete(key);
      const value = load();
      entries.set(key, { value, expiresAtMs: nowMs() + options.ttlMs });
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      const forget = () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      };
      value.then((found) => found === undefined && forget(), forget);
      return value;
    },
    delete(key: string): void {
      entries.delete(key);
    },
    clear(): void {
      entries.clear();
    },
  };
}
