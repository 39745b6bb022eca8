import { describe, expect, it } from 'vitest';
import { rng } from '../testing/synthetic-traffic';
import { PatternNovelty } from './pattern-novelty';

const OPTIONS = { scales: [1, 4, 16], bins: 10, warmup: 300, recent: 10 };
const DAY = 288;

/** A busy/idle daily cycle with a little noise; `flat` rows hold the middle level. */
function wave(days: number, seed: number, flat?: [number, number]): number[] {
  const random = rng(seed);
  return Array.from({ length: days * DAY }, (_, i) => {
    if (flat !== undefined && i >= flat[0] && i < flat[1]) return 50 + random() * 4;
    return (i % DAY < DAY / 2 ? 90 : 10) + random() * 4;
  });
}

const surprises = (values: number[]) => {
  const p = new PatternNovelty(OPTIONS);
  return values.map((v) => p.push(v));
};

describe('PatternNovelty', () => {
  it('finds a stretch at a level inside the range that the series never held', () => {
    for (let seed = 1; seed < 6; seed++) {
      const flat: [number, number] = [10 * DAY, 10 * DAY + 120];
      const s = surprises(wave(14, seed, flat));
      const inFlat = Math.max(...s.slice(flat[0], flat[1] + 16));
      expect(inFlat).toBeGreaterThan(5);
      expect(Math.max(...s.slice(4 * DAY, flat[0]), ...s.slice(flat[1] + 16))).toBeLessThan(inFlat);
    }
  });

  it('is not surprised by the same wave day after day', () => {
    for (let seed = 2; seed < 8; seed++) {
      // transitions now and then land on a new pair of levels: rare and weak
      const s = surprises(wave(14, seed)).slice(4 * DAY);
      expect(Math.max(...s)).toBeLessThan(4);
      expect(s.filter((x) => x > 2).length).toBeLessThanOrEqual(3);
    }
  });

  it('scores nothing during the warm-up', () => {
    expect(
      surprises(wave(1, 9))
        .slice(0, 300)
        .every((s) => s === 0),
    ).toBe(true);
  });
});
