import { describe, expect, it } from 'vitest';
import { Prng, hashText, streamPrng } from './prng';

describe('Prng', () => {
  it('repeats its sequence for a seed, and differs between seeds and streams', () => {
    const draw = (p: Prng) => Array.from({ length: 5 }, () => p.nextUint32());
    expect(draw(new Prng(42))).toEqual(draw(new Prng(42)));
    expect(draw(new Prng(42))).not.toEqual(draw(new Prng(43)));
    expect(draw(streamPrng('s', 'a'))).not.toEqual(draw(streamPrng('s', 'b')));
  });

  it('draws uniform values in range with the expected mean', () => {
    const p = new Prng(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = p.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('draws exponential, normal and Poisson values with their means', () => {
    const p = new Prng(9);
    const mean = (f: () => number) => Array.from({ length: 50_000 }, f).reduce((a, b) => a + b, 0) / 50_000;
    expect(mean(() => p.exponential(10))).toBeCloseTo(10, 0);
    expect(mean(() => p.normal(3, 2))).toBeCloseTo(3, 1);
    expect(mean(() => p.poisson(4))).toBeCloseTo(4, 1);
    expect(mean(() => p.poisson(80))).toBeCloseTo(80, 0);
  });

  it('makes hex ids of the asked length', () => {
    const p = new Prng(1);
    expect(p.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(p.hex(7)).toMatch(/^[0-9a-f]{7}$/);
    expect(new Set(Array.from({ length: 1000 }, () => p.hex(32))).size).toBe(1000);
  });

  it('hashes text stably', () => {
    expect(hashText('tokenwatch')).toBe(hashText('tokenwatch'));
    expect(hashText('a')).not.toBe(hashText('b'));
  });
});
