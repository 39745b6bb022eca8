import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../world/local-time';
import { DST_CHANGES, drawStart, lastSunday, nthSunday } from './start-dates';
import { planSweep, sweepSeeds } from './sweep-plan';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('clock-change days', () => {
  it('finds the n-th and the last Sunday of a month', () => {
    expect(nthSunday(2026, 2, 2)).toBe(day('2026-03-08'));
    expect(nthSunday(2026, 10, 1)).toBe(day('2026-11-01')); // the 1st is a Sunday
    expect(lastSunday(2026, 2)).toBe(day('2026-03-29'));
    expect(lastSunday(2026, 9)).toBe(day('2026-10-25'));
    expect(lastSunday(2025, 2)).toBe(day('2025-03-30'));
    expect(nthSunday(2027, 2, 2)).toBe(day('2027-03-14'));
  });

  it('knows the EU and US changes of a year', () => {
    const of2025 = Object.fromEntries(DST_CHANGES.map((c) => [c.name, new Date(c.day(2025)).toISOString().slice(0, 10)]));
    expect(of2025).toEqual({ 'eu-spring': '2025-03-30', 'us-spring': '2025-03-09', 'eu-autumn': '2025-10-26', 'us-autumn': '2025-11-02' });
  });
});

describe('drawStart', () => {
  it('is a function of the seed and the length alone', () => {
    expect(drawStart('hold-07', 14)).toEqual(drawStart('hold-07', 14));
    expect(drawStart('hold-07', 14)).not.toEqual(drawStart('tune-07', 14));
  });

  it('starts at midnight UTC, and puts a drawn clock change inside the period after at least a day', () => {
    for (const seed of [...sweepSeeds('tune', 40), ...sweepSeeds('hold', 40), 'free text seed']) {
      for (const days of [3, 7, 14]) {
        const { start, dstChange } = drawStart(seed, days);
        expect(start % DAY_MS).toBe(0);
        if (dstChange === null) continue;
        const changeDay = DST_CHANGES.find((c) => c.name === dstChange)!.day(new Date(start + DAY_MS * days).getUTCFullYear());
        expect(changeDay - start).toBeGreaterThanOrEqual(DAY_MS);
        expect(changeDay - start).toBeLessThanOrEqual((days - 1) * DAY_MS);
      }
    }
  });

  it('covers every clock change, and ordinary days, in each default seed list', () => {
    for (const set of ['tune', 'hold'] as const) {
      const runs = planSweep({ sets: [set], seeds: 20, tokens: 500, days: 14, format: 'kong', minSeverity: 'medium' });
      const changes = runs.map((r) => r.dstChange);
      for (const change of DST_CHANGES) expect(changes.filter((c) => c === change.name).length).toBeGreaterThanOrEqual(2);
      expect(changes.filter((c) => c === null).length).toBeGreaterThanOrEqual(8);
      expect(new Set(runs.map((r) => new Date(r.start).getUTCFullYear())).size).toBeGreaterThan(1);
    }
  });
});

describe('planSweep', () => {
  it('runs fixed, separate seed lists per set', () => {
    const runs = planSweep({ sets: ['tune', 'hold'], seeds: 3, tokens: 30, days: 3, format: 'kong', minSeverity: 'medium' });
    expect(runs.map((r) => `${r.set}:${r.seed}`)).toEqual(['tune:tune-01', 'tune:tune-02', 'tune:tune-03', 'hold:hold-01', 'hold:hold-02', 'hold:hold-03']);
    expect(runs[0]).toMatchObject({ tokens: 30, days: 3, format: 'kong', minSeverity: 'medium', ...drawStart('tune-01', 3) });
  });
});
