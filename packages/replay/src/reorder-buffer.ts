import type { AccessEvent } from '@tokenwatch/contracts';

interface Held {
  event: AccessEvent;
  seq: number;
}

/**
 * Puts events back in event-time order within a window: an event is released once an event more
 * than `windowMs` newer has been seen (or when more than `maxHeld` are held, oldest first). Memory is
 * bounded by `maxHeld`; an event older than one already released is "late": it is released at once
 * (out of order) and counted. Equal times keep their arrival order.
 */
export class ReorderBuffer {
  private readonly heap: Held[] = [];
  private seq = 0;
  private maxTs = Number.NEGATIVE_INFINITY;
  private lastReleased = Number.NEGATIVE_INFINITY;
  late = 0;
  peak = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxHeld: number,
  ) {
    if (windowMs < 0 || maxHeld < 1) throw new RangeError('windowMs must be >= 0 and maxHeld >= 1');
  }

  get size(): number {
    return this.heap.length;
  }

  /** Adds an event and returns those now due, oldest first. */
  push(event: AccessEvent): AccessEvent[] {
    if (event.ts < this.lastReleased) {
      this.late += 1;
      return [event];
    }
    this.insert({ event, seq: this.seq++ });
    if (event.ts > this.maxTs) this.maxTs = event.ts;
    this.peak = Math.max(this.peak, this.heap.length);
    const due: AccessEvent[] = [];
    const watermark = this.maxTs - this.windowMs;
    while (this.heap.length > 0 && (this.heap[0]!.event.ts <= watermark || this.heap.length > this.maxHeld)) due.push(this.pop());
    return due;
  }

  /** Every held event, oldest first (at the end of the input). */
  drain(): AccessEvent[] {
    const out: AccessEvent[] = [];
    while (this.heap.length > 0) out.push(this.pop());
    return out;
  }

  private pop(): AccessEvent {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    this.lastReleased = top.event.ts;
    return top.event;
  }

  private insert(item: Held): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    while (true) {
      const left = 2 * i + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (left + 1 < heap.length && before(heap[left + 1]!, heap[smallest]!)) smallest = left + 1;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

const before = (a: Held, b: Held): boolean => a.event.ts < b.event.ts || (a.event.ts === b.event.ts && a.seq < b.seq);
