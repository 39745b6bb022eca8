/**
 * A bounded string-keyed cache for hot per-record lookups (credential readings, route templates).
 * Two generations of Maps: a hit in the young one costs one Map.get; an entry found only in the old
 * one is promoted; when the young one is full (entries, or characters of keys), it becomes the old
 * one and the previous old one is dropped. So at most 2 x `entries` entries and about 2 x `chars`
 * characters of keys are held, and recently used entries survive. Keys longer than `maxKeyChars`
 * are never stored (the caller computes those every time).
 */
export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private youngChars = 0;

  constructor(
    private readonly entries: number,
    private readonly chars: number,
    readonly maxKeyChars: number,
  ) {}

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  /** Stores the value unless the key is too long; values must not be undefined. */
  set(key: string, value: V): void {
    if (key.length > this.maxKeyChars) return;
    if (this.young.size >= this.entries || this.youngChars >= this.chars) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    this.young.set(key, value);
    this.youngChars += key.length;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngChars = 0;
  }
}
