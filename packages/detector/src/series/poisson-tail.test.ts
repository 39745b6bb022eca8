import { describe, expect, it } from 'vitest';
import { log10PoissonTail } from './poisson-tail';

describe('log10PoissonTail', () => {
  it('matches exact Poisson tails', () => {
    expect(log10PoissonTail(0, 3)).toBe(0);
    expect(log10PoissonTail(1, 2)).toBeCloseTo(Math.log10(1 - Math.exp(-2)), 10);
    // P(X >= 3), lambda 1: 1 − e^-1 (1 + 1 + 1/2)
    expect(log10PoissonTail(3, 1)).toBeCloseTo(Math.log10(1 - Math.exp(-1) * 2.5), 10);
  });

  it('stays finite and monotone far into the tail', () => {
    const tails = [5, 10, 20, 40].map((k) => log10PoissonTail(k, 0.01));
    expect(tails.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < tails.length; i++) expect(tails[i]!).toBeLessThan(tails[i - 1]!);
    expect(log10PoissonTail(10, 0.01)).toBeCloseTo(-0.01 / Math.LN10 - 20 - Math.log10(3628800) + Math.log10(1 + 0.01 / 11), 6);
  });
});
