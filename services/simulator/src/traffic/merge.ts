import { MinHeap } from '@tokenwatch/common';
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
  const heap = new MinHeap<Head>((a, b) => a.event.ts < b.event.ts || (a.event.ts === b.event.ts && a.order < b.order));
  let order = 0;
  for (const source of sources) {
    const first = source.next();
    if (!first.done) heap.push({ event: first.value, source, order: order++ });
  }
  for (let head = heap.peek(); head !== undefined; head = heap.peek()) {
    yield head.event;
    const next = head.source.next();
    if (next.done) {
      heap.pop();
    } else {
      if (next.value.ts < head.event.ts) throw new Error(`stream ${head.order} went back in time (${next.value.ts} < ${head.event.ts})`);
      head.event = next.value;
      heap.topChanged();
    }
  }
}
