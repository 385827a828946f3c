/**
 * Remembers what a look-up found for a short while, so a burst of requests from one workspace asks
 * the database once: at most `maxEntries` keys (the oldest goes first), each fresh for `ttlMs`. Only
 * found values are kept, so something created a moment ago is never hidden by an earlier miss;
 * concurrent look-ups of one key share one query.
 *
 * After `ttlMs` an entry is refreshed in the background while callers keep getting it, for up to
 * `staleMs` more (default: as long as `ttlMs`): under load a busy database would otherwise make every
 * request that arrives during the refresh wait for it, before Slack's 3-second ack. A change is seen
 * at most one refresh after `ttlMs`; a refresh that finds nothing drops the entry, a failed one keeps
 * it until `staleMs` runs out.
 *
 * @example
 * const tenants = ttlCache({ ttlMs: 5_000, maxEntries: 1_000 });
 * const tenant = await tenants.get(tenantId, () => directory.findById(tenantId));
 */
export function ttlCache<T>(options: {
  ttlMs: number;
  maxEntries: number;
  staleMs?: number;
  nowMs?: () => number;
}) {
  const nowMs = options.nowMs ?? Date.now;
  const staleMs = options.staleMs ?? options.ttlMs;
  interface Entry {
    value: Promise<T | undefined>;
    freshUntilMs: number;
    refreshing: boolean;
  }
  const entries = new Map<string, Entry>();

  function remember(key: string, value: Promise<T | undefined>): Entry {
    const entry: Entry = { value, freshUntilMs: nowMs() + options.ttlMs, refreshing: false };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    return entry;
  }

  function load(key: string, loader: () => Promise<T | undefined>): Promise<T | undefined> {
    const value = loader();
    remember(key, value);
    const forget = () => {
      if (entries.get(key)?.value === value) entries.delete(key);
    };
    value.then((found) => found === undefined && forget(), forget);
    return value;
  }

  /** The stale entry stays in place until the refresh has an answer, so callers never wait for it. */
  function refresh(key: string, entry: Entry, loader: () => Promise<T | undefined>): void {
    entry.refreshing = true;
    loader().then(
      (found) => {
        if (entries.get(key) !== entry) return;
        if (found === undefined) entries.delete(key);
        else remember(key, Promise.resolve(found));
      },
      () => {
        entry.refreshing = false;
      },
    );
  }

  return {
    get(key: string, loader: () => Promise<T | undefined>): Promise<T | undefined> {
      const hit = entries.get(key);
      const now = nowMs();
      if (hit && hit.freshUntilMs > now) return hit.value;
      if (hit && hit.freshUntilMs + staleMs > now) {
        if (!hit.refreshing) refresh(key, hit, loader);
        return hit.value;
      }
      return load(key, loader);
    },
    delete(key: string): void {
      entries.delete(key);
    },
    clear(): void {
      entries.clear();
    },
  };
}
