import { describe, expect, it } from 'vitest';
import { SortedWindow } from './sorted-window';

describe('SortedWindow', () => {
  it('keeps the last values sorted and answers quantiles', () => {
    const w = new SortedWindow(5);
    expect(Number.isNaN(w.quantile(0.5))).toBe(true);
    for (const v of [9, 1, 5, 3, 7]) w.push(v);
    expect([w.quantile(0), w.quantile(0.5), w.quantile(1)]).toEqual([1, 5, 9]);
    w.push(100); // 9 leaves
    expect(w.size).toBe(5);
    expect([w.quantile(0), w.quantile(0.5), w.quantile(1)]).toEqual([1, 5, 100]);
  });

  it('matches a brute-force window over a long stream', () => {
    const w = new SortedWindow(37);
    const all: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const v = (i * 7919) % 101;
      w.push(v);
      all.push(v);
      if (i % 997 === 0) {
        const sorted = all.slice(-37).sort((a, b) => a - b);
        expect(w.quantile(0.25)).toBe(sorted[Math.round(0.25 * (sorted.length - 1))]);
      }
    }
  });
});
