import { describe, expect, it } from 'vitest';
import { decodeRate, rateCodeAtMost } from './layout';

describe('rateCodeAtMost', () => {
  it('splits every code exactly where its decoded rate passes the limit', () => {
    for (const x of [0, 0.1, 0.5, 1, 2.5, 100, 1e6, 1e12]) {
      const limit = rateCodeAtMost(x);
      for (let code = 0; code <= 65_535; code++) expect(code > limit).toBe(decodeRate(code) > x);
    }
  });
});
