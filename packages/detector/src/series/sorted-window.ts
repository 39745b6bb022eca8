/** The last `capacity` values kept sorted, for exact rolling quantiles (O(capacity) per push). */
export class SortedWindow {
  private readonly sorted: number[] = [];
  private readonly fifo: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.sorted.length;
  }

  push(value: number): void {
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    this.fifo.push(value);
    if (this.fifo.length - this.head > this.capacity) {
      this.sorted.splice(lowerBound(this.sorted, this.fifo[this.head++]!), 1);
      if (this.head > 4096) {
        this.fifo.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  /** The p-quantile (nearest rank), 0 ≤ p ≤ 1; NaN when empty. */
  quantile(p: number): number {
    const n = this.sorted.length;
    return n === 0 ? Number.NaN : this.sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))]!;
  }
}

/** The first index of an ascending array whose value is not below `value` (where `value` is inserted to keep it sorted). */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
