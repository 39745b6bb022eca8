/**
 * A binary min-heap ordered by `before` (true when `a` comes out first). Ties are the caller's to
 * break, e.g. by an arrival number, when the order of equal items must be deterministic.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The first item, without taking it out. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** Takes the first item out. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last!;
      this.siftDown();
    }
    return top;
  }

  /** The first item changed in place (e.g. moved on to its stream's next value): puts it back in order. */
  topChanged(): void {
    this.siftDown();
  }

  private siftDown(): void {
    const items = this.items;
    let i = 0;
    while (true) {
      const left = 2 * i + 1;
      let first = i;
      if (left < items.length && this.before(items[left]!, items[first]!)) first = left;
      if (left + 1 < items.length && this.before(items[left + 1]!, items[first]!)) first = left + 1;
      if (first === i) return;
      [items[i], items[first]] = [items[first]!, items[i]!];
      i = first;
    }
  }
}
