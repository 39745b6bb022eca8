import { describe, expect, it } from 'vitest';
import { chunk, toNullableNumber, toNumber } from './values.util';

describe('chunk', () => {
  it('slices into bounded pieces and keeps order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 10)).toEqual([[1, 2]]);
    expect(chunk([], 10)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('toNumber', () => {
  it('accepts numbers and quoted 64-bit integers', () => {
    expect(toNumber(5)).toBe(5);
    expect(toNumber('1700000000123')).toBe(1700000000123);
    expect(toNullableNumber(null)).toBeNull();
    expect(() => toNumber('x')).toThrow(TypeError);
  });
});
