import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { UNLOGGED_FIELDS } from '@tokenwatch/contracts/testing';
import { ReorderBuffer } from './reorder-buffer';

const ev = (ts: number, id = `e${ts}`): AccessEvent => ({
  id,
  ts,
  gateway: 'kong',
  token: { fp: 'a'.repeat(16), hint: null, kind: 'api_key' },
  ...UNLOGGED_FIELDS,
  status: 200,
});

const run = (buffer: ReorderBuffer, times: number[]): number[] => [...times.flatMap((t) => buffer.push(ev(t))), ...buffer.drain()].map((e) => e.ts);

describe('ReorderBuffer', () => {
  it('restores event-time order within the window', () => {
    expect(run(new ReorderBuffer(100, 1000), [10, 50, 30, 120, 90, 300, 250, 400])).toEqual([10, 30, 50, 90, 120, 250, 300, 400]);
  });

  it('releases an event only once one more than the window newer has arrived', () => {
    const buffer = new ReorderBuffer(100, 1000);
    expect(buffer.push(ev(0))).toEqual([]);
    expect(buffer.push(ev(100)).map((e) => e.ts)).toEqual([0]);
    expect(buffer.size).toBe(1);
  });

  it('keeps the arrival order of equal times', () => {
    const buffer = new ReorderBuffer(10, 1000);
    buffer.push(ev(5, 'first'));
    buffer.push(ev(5, 'second'));
    expect(buffer.drain().map((e) => e.id)).toEqual(['first', 'second']);
  });

  it('scores late events at once and counts them', () => {
    const buffer = new ReorderBuffer(10, 1000);
    const order = run(buffer, [0, 100, 200, 50]);
    expect(order).toEqual([0, 100, 50, 200]);
    expect(buffer.late).toBe(1);
  });

  it('bounds memory: beyond maxHeld the oldest goes out', () => {
    const buffer = new ReorderBuffer(1_000_000, 3);
    const out = [1, 2, 3, 4, 5].flatMap((t) => buffer.push(ev(t)));
    expect(out.map((e) => e.ts)).toEqual([1, 2]);
    expect(buffer.size).toBe(3);
    expect(buffer.peak).toBe(4);
  });
});
