import { describe, expect, it } from 'vitest';
import { countThreshold, jensenShannon, lnGamma, log10NormalUpper, log10UpperTail } from './stats';

describe('count tails', () => {
  it('matches exact Poisson and negative-binomial tails', () => {
    expect(10 ** log10UpperTail(20, 10, 0)).toBeCloseTo(0.0034543, 6);
    expect(10 ** log10UpperTail(5, 1, 0)).toBeCloseTo(0.0036599, 6);
    // NB with mean 10, phi 0.5 (r = 2): P(X >= 40) computed by direct summation
    let cdf = 0;
    let term = (2 / 12) ** 2;
    for (let k = 0; k < 40; k++) {
      cdf += term;
      term *= ((k + 2) / (k + 1)) * (10 / 12);
    }
    expect(10 ** log10UpperTail(40, 10, 0.5)).toBeCloseTo(1 - cdf, 8);
  });

  it('stays finite far into the tail and is 1 at or below the mean', () => {
    expect(log10UpperTail(500, 5, 0)).toBeLessThan(-300);
    expect(Number.isFinite(log10UpperTail(1e6, 1000, 0.1))).toBe(true);
    expect(log10UpperTail(3, 5, 0)).toBe(0);
    expect(10 ** log10NormalUpper(3)).toBeCloseTo(0.0013499, 6);
    expect(log10NormalUpper(40)).toBeLessThan(-340);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 10);
  });

  it('gives the smallest count whose tail is below p, on the conservative side', () => {
    const k = countThreshold(10, 0, -6);
    expect(log10UpperTail(k, 10, 0)).toBeLessThanOrEqual(-6);
    expect(log10UpperTail(k - 2, 10, 0)).toBeGreaterThan(-6);
    expect(countThreshold(1000, 0.05, -6)).toBeGreaterThan(countThreshold(1000, 0, -6));
  });
});

describe('Jensen-Shannon divergence', () => {
  it('is 0 for equal mixes, 1 for disjoint ones, symmetric in between', () => {
    expect(jensenShannon([5, 5, 0], [1, 1, 0], 3)).toBeCloseTo(0, 12);
    expect(jensenShannon([1, 0], [0, 1], 2)).toBeCloseTo(1, 12);
    const a = [8, 1, 1];
    const b = [2, 4, 4];
    expect(jensenShannon(a, b, 3)).toBeCloseTo(jensenShannon(b, a, 3), 12);
  });
});
