import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap';
import { seededRandom } from './random';

describe('MinHeap', () => {
  it("gives items back in order, ties by the caller's tie-break", () => {
    const random = seededRandom(20261207);
    const items = Array.from({ length: 2_000 }, (_, seq) => ({ key: Math.floor(random() * 50), seq }));
    const heap = new MinHeap<{ key: number; seq: number }>((a, b) => a.key < b.key || (a.key === b.key && a.seq < b.seq));
    for (const item of items) heap.push(item);
    expect(heap.size).toBe(items.length);
    const out = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
    expect(out).toEqual([...items].sort((a, b) => a.key - b.key || a.seq - b.seq));
    expect(heap.pop()).toBeUndefined();
  });

  it('re-orders after the first item changed in place', () => {
    const heap = new MinHeap<{ v: number }>((a, b) => a.v < b.v);
    for (const v of [5, 1, 3]) heap.push({ v });
    heap.peek()!.v = 4;
    heap.topChanged();
    expect([heap.pop()!.v, heap.pop()!.v, heap.pop()!.v]).toEqual([3, 4, 5]);
  });
});
