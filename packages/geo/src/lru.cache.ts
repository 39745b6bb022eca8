/**
 * A bounded cache with least-recently-used eviction, approximated by two generations of Maps
 * (the "segmented"/2Q-lite scheme): lookups hit the young Map with one Map.get; an entry found
 * only in the old generation is promoted; when the young Map holds half the capacity, it becomes
 * the old one and the previous old one is dropped. At most `maxEntries` entries, O(1) per call,
 * and no Map delete/re-insert on every hit, which is what a strict LRU on one Map costs.
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 2) throw new RangeError(`LruCache maxEntries must be an integer >= 2, got ${maxEntries}`);
    this.generationSize = Math.floor(maxEntries / 2);
  }

  /** The value (refreshed as recently used); undefined when absent. */
  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) {
      this.old.delete(key);
      this.insertYoung(key, older);
    }
    return older;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return;
    }
    this.old.delete(key);
    this.insertYoung(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  private insertYoung(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
