import type { SimEvent } from '../model/sim-event';

interface Head {
  event: SimEvent;
  source: Iterator<SimEvent>;
  order: number;
}

/**
 * Merges time-ordered streams into one time-ordered stream with a binary min-heap; only one pending
 * event per stream is held. Ties go to the stream listed first, so the output is deterministic.
 */
export function* mergeByTime(sources: Iterable<Iterator<SimEvent>>): Generator<SimEvent> {
  const heap: Head[] = [];
  let order = 0;
  for (const source of sources) {
    const first = source.next();
    if (!first.done) push(heap, { event: first.value, source, order: order++ });
  }
  while (heap.length > 0) {
    const head = heap[0]!;
    yield head.event;
    const next = head.source.next();
    if (next.done) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else {
      if (next.value.ts < head.event.ts) throw new Error(`stream ${head.order} went back in time (${next.value.ts} < ${head.event.ts})`);
      head.event = next.value;
      siftDown(heap, 0);
    }
  }
}

const before = (a: Head, b: Head): boolean => a.event.ts < b.event.ts || (a.event.ts === b.event.ts && a.order < b.order);

function push(heap: Head[], item: Head): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown(heap: Head[], start: number): void {
  let i = start;
  while (true) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === i) return;
    [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
    i = smallest;
  }
}
