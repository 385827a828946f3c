/**
 * A read-only map made of a parent map and a small layer of changes on top, so a new version of a large
 * map costs its changes rather than a copy: the match index is updated after every profile edit while
 * requests may still be reading the version before. A chain is flattened into one plain map once it is
 * `MAX_DEPTH` (4) layers deep or its changes reach a quarter of its size, which keeps look-ups at a few
 * `Map.get` calls and the copying amortised.
 *
 * @example
 * const next = layered(previous, new Map([['ana', 1]]), ['bo']); // previous itself is unchanged
 */
const MAX_DEPTH = 4;

const REMOVED = Symbol('removed');

export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number;

  private constructor(
    private readonly parent: ReadonlyMap<K, V>,
    private readonly own: ReadonlyMap<K, V | typeof REMOVED>,
    private readonly depth: number,
    size: number,
  ) {
    this.size = size;
  }

  /**
   * `base` with `changes` set and `removals` deleted (a key in both ends up set). Returns a plain Map
   * when the chain would grow too deep or the changes are large.
   */
  static over<K, V>(
    base: ReadonlyMap<K, V>,
    changes: ReadonlyMap<K, V>,
    removals: Iterable<K> = [],
  ): ReadonlyMap<K, V> {
    const own = new Map<K, V | typeof REMOVED>();
    let size = base.size;
    for (const key of removals) {
      if (changes.has(key) || own.has(key)) continue;
      if (base.has(key)) {
        own.set(key, REMOVED);
        size -= 1;
      }
    }
    for (const [key, value] of changes) {
      if (!base.has(key)) size += 1;
      own.set(key, value);
    }
    const depth = base instanceof LayeredMap ? base.depth + 1 : 1;
    const layer = new LayeredMap(base, own, depth, size);
    if (own.size === 0) return base;
    if (depth > MAX_DEPTH || layer.changeCount() * 4 > Math.max(size, 1)) return layer.flatten();
    return layer;
  }

  /** One plain map: the bottom map copied (a native copy), then each layer's changes, oldest first. */
  private flatten(): Map<K, V> {
    const layers: LayeredMap<K, V>[] = [];
    let bottom: ReadonlyMap<K, V> = this;
    while (bottom instanceof LayeredMap) {
      layers.push(bottom);
      bottom = bottom.parent;
    }
    const flat = new Map(bottom);
    for (const layer of layers.reverse()) {
      for (const [key, value] of layer.own) {
        if (value === REMOVED) flat.delete(key);
        else flat.set(key, value as V);
      }
    }
    return flat;
  }

  private changeCount(): number {
    let count = this.own.size;
    for (let map: ReadonlyMap<K, V> = this.parent; map instanceof LayeredMap; map = map.parent)
      count += map.own.size;
    return count;
  }

  get(key: K): V | undefined {
    const value = this.own.get(key);
    if (value === REMOVED) return undefined;
    return value !== undefined || this.own.has(key) ? (value as V) : this.parent.get(key);
  }

  has(key: K): boolean {
    const value = this.own.get(key);
    if (value === REMOVED) return false;
    return value !== undefined || this.own.has(key) || this.parent.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.parent) if (!this.own.has(key)) yield [key, value];
    for (const [key, value] of this.own) if (value !== REMOVED) yield [key, value as V];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
