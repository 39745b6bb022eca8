import { MinHeap } from '@tokenwatch/common';
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
  private readonly heap = new MinHeap<Held>((a, b) => a.event.ts < b.event.ts || (a.event.ts === b.event.ts && a.seq < b.seq));
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
    return this.heap.size;
  }

  /** Adds an event and returns those now due, oldest first. */
  push(event: AccessEvent): AccessEvent[] {
    if (event.ts < this.lastReleased) {
      this.late += 1;
      return [event];
    }
    this.heap.push({ event, seq: this.seq++ });
    if (event.ts > this.maxTs) this.maxTs = event.ts;
    this.peak = Math.max(this.peak, this.heap.size);
    const due: AccessEvent[] = [];
    const watermark = this.maxTs - this.windowMs;
    while (this.heap.size > 0 && (this.heap.peek()!.event.ts <= watermark || this.heap.size > this.maxHeld)) due.push(this.pop());
    return due;
  }

  /** Every held event, oldest first (at the end of the input). */
  drain(): AccessEvent[] {
    const out: AccessEvent[] = [];
    while (this.heap.size > 0) out.push(this.pop());
    return out;
  }

  private pop(): AccessEvent {
    const top = this.heap.pop()!;
    this.lastReleased = top.event.ts;
    return top.event;
  }
}
