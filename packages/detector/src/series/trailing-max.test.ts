import { describe, expect, it } from 'vitest';
import { RepeatSuppressor, TrailingMax } from './trailing-max';

describe('TrailingMax', () => {
  it('answers the maximum of the previous span values', () => {
    const m = new TrailingMax(3);
    expect([5, 1, 2, 3, 0, 0, 0].map((v) => m.push(v))).toEqual([0, 5, 5, 5, 3, 3, 3]);
    expect(m.push(0)).toBe(0);
  });

  it('agrees with a brute-force window over a long random run', () => {
    const m = new TrailingMax(7);
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 101);
    values.forEach((v, i) => expect(m.push(v)).toBe(Math.max(0, ...values.slice(Math.max(0, i - 7), i))));
  });
});

describe('RepeatSuppressor', () => {
  it('keeps the first alarm of an episode and a clearly stronger one', () => {
    const s = new RepeatSuppressor(5, 2);
    expect([0.3, 0.4, 0.5, 1.2, 0, 0, 0, 0, 0, 0, 0.4].map((v) => s.push(v))).toEqual([0.3, 0, 0, 1.2, 0, 0, 0, 0, 0, 0, 0.4]);
  });
});
