import { describe, expect, it } from 'vitest';
import { maximum, mean, median, minimum, percentile, sumCounts } from './sweep-statistics';

describe('statistics over runs', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20, 19, …, 1

  it('takes min, max, mean and nearest-rank median and percentiles', () => {
    expect(minimum(twenty)).toBe(1);
    expect(maximum(twenty)).toBe(20);
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2); // the lower middle: nearest rank
    expect(percentile(twenty, 95)).toBe(19); // rank ceil(0.95 × 20) = 19
    expect(percentile(twenty, 90)).toBe(18);
    expect(percentile([7], 95)).toBe(7);
  });

  it('gives null for no values', () => {
    for (const f of [minimum, maximum, mean, median]) expect(f([])).toBeNull();
    expect(percentile([], 95)).toBeNull();
  });

  it('sums count records', () => {
    expect(sumCounts(sumCounts({}, { a: 1, b: 2 }), { b: 3, c: 1 })).toEqual({ a: 1, b: 5, c: 1 });
  });
});
