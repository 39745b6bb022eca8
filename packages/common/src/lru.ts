interface Entry<K, V> {
  key: K;
  value: V;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

/**
 * A bounded map that forgets the least recently used entry first (get and set count as use; has
 * does not). A Map finds the entry and a doubly linked list keeps the order, so a hit costs one
 * Map.get and a few pointer moves (none when the entry is already the newest): no Map delete and
 * re-insert per hit as on a plain Map, and exact order and capacity, unlike two Map generations.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, Entry<K, V>>();
  private newest: Entry<K, V> | undefined;
  private oldest: Entry<K, V> | undefined;

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 2) throw new RangeError(`LruCache maxEntries must be an integer >= 2, got ${maxEntries}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value (now the most recently used); undefined when absent. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.newest) {
      this.unlink(entry);
      this.append(entry);
    }
    return entry.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    const entry = this.map.get(key);
    if (entry !== undefined) {
      entry.value = value;
      if (entry !== this.newest) {
        this.unlink(entry);
        this.append(entry);
      }
      return this;
    }
    const added: Entry<K, V> = { key, value, older: undefined, newer: undefined };
    this.map.set(key, added);
    this.append(added);
    if (this.map.size > this.maxEntries && this.oldest !== undefined) this.delete(this.oldest.key);
    return this;
  }

  delete(key: K): boolean {
    const entry = this.map.get(key);
    if (entry === undefined) return false;
    this.map.delete(key);
    this.unlink(entry);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
    this.oldest = undefined;
  }

  /** The entries, least recently used first, as they are now (deleting while iterating is safe). */
  entries(): IterableIterator<[K, V]> {
    const out: Array<[K, V]> = [];
    for (let e = this.oldest; e !== undefined; e = e.newer) out.push([e.key, e.value]);
    return out[Symbol.iterator]();
  }

  /** The values, least recently used first, as they are now. */
  values(): IterableIterator<V> {
    const out: V[] = [];
    for (let e = this.oldest; e !== undefined; e = e.newer) out.push(e.value);
    return out[Symbol.iterator]();
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older === undefined) this.oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  private append(entry: Entry<K, V>): void {
    entry.older = this.newest;
    if (this.newest === undefined) this.oldest = entry;
    else this.newest.newer = entry;
    this.newest = entry;
  }
}
