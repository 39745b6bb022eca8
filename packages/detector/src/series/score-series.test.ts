import { describe, expect, it } from 'vitest';
import { poisson, rng } from '../testing/synthetic-traffic';
import { scoreSeries, SeriesScorer, type SeriesRow } from './score-series';

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2024, 0, 1);

/** Hourly counts with a daily cycle for `days` days. */
function hourly(days: number, seed = 1, scale = 100): SeriesRow[] {
  const random = rng(seed);
  return Array.from({ length: days * 24 }, (_, i) => ({
    ts: MONDAY + i * HOUR,
    value: poisson(random, scale * (1 + 0.6 * Math.sin((2 * Math.PI * (i % 24)) / 24))),
  }));
}

describe('scoreSeries', () => {
  it('scores every row in 0..1, a spike near 1 and the normal pattern near 0', () => {
    const rows = hourly(21);
    const spikeAt = 20 * 24 + 10;
    rows[spikeAt] = { ...rows[spikeAt]!, value: rows[spikeAt]!.value * 6 };
    const scores = scoreSeries(rows);
    expect(scores).toHaveLength(rows.length);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(scores[spikeAt]).toBeGreaterThan(0.9);
    const others = scores.filter((_, i) => i !== spikeAt && i > 14 * 24);
    expect(Math.max(...others)).toBeLessThan(0.3);
  });

  it('is causal: changing a later row never changes an earlier score', () => {
    const rows = hourly(10, 2);
    const base = scoreSeries(rows);
    for (const k of [50, 120, 200]) {
      const changed = rows.map((r, i) => (i === k ? { ...r, value: r.value * 40 + 7 } : r));
      const scores = scoreSeries(changed);
      expect(scores.slice(0, k)).toEqual(base.slice(0, k));
      expect(scores[k]).toBeGreaterThan(base[k]!);
    }
    const truncated = scoreSeries(rows.slice(0, 100));
    expect(truncated).toEqual(base.slice(0, 100));
  });

  it('only scores spikes: dips score 0', () => {
    const rows = hourly(14, 3);
    rows[300] = { ...rows[300]!, value: 0 };
    expect(scoreSeries(rows)[300]).toBe(0);
  });

  it('handles any unit and interval: per-minute counts, non-integer values, daily rows', () => {
    const random = rng(4);
    const minutes = Array.from({ length: 3000 }, (_, i) => ({ ts: MONDAY + i * 60_000, value: poisson(random, 3) }));
    minutes[2500] = { ...minutes[2500]!, value: 60 };
    const m = scoreSeries(minutes);
    expect(m[2500]).toBeGreaterThan(0.9);
    expect(m.filter((s) => s > 0.5).length).toBeLessThanOrEqual(3);
    const cpu = Array.from({ length: 500 }, (_, i) => ({ ts: MONDAY + i * 300_000, value: 40 + 5 * Math.sin(i / 10) + random() }));
    cpu[450] = { ...cpu[450]!, value: 95 };
    const c = scoreSeries(cpu);
    expect(c[450]).toBeGreaterThan(0.9);
    const daily = Array.from({ length: 120 }, (_, i) => ({ ts: MONDAY + i * 24 * HOUR, value: 1000 + (i % 7 >= 5 ? -600 : 0) + Math.round(random() * 50) }));
    expect(Math.max(...scoreSeries(daily).slice(30))).toBeLessThan(0.5);
  });

  it('direction both scores drops below everything seen; up ignores them', () => {
    const rows = hourly(14, 5);
    rows[300] = { ...rows[300]!, value: -500 };
    expect(scoreSeries(rows, { direction: 'both' })[300]).toBeGreaterThan(0.9);
    expect(scoreSeries(rows, { direction: 'up' })[300]).toBe(0);
  });

  it('stays low on ordinary variation: stationary noise over many seeds', () => {
    for (let seed = 10; seed < 30; seed++) {
      const random = rng(seed);
      const rows = Array.from({ length: 2000 }, (_, i) => ({ ts: MONDAY + i * 300_000, value: 50 + 10 * (random() + random() + random() - 1.5) }));
      const scores = scoreSeries(rows, { direction: 'both' }).slice(200);
      // records of stationary noise are rare (about 1/n at row n) and barely past the range
      expect(Math.max(...scores)).toBeLessThan(0.5);
      expect(scores.filter((s) => s > 0.1).length).toBeLessThanOrEqual(5);
      expect(scores.filter((s) => s > 0).length).toBeLessThanOrEqual(10);
    }
  });

  it('a sustained spike is one alarm, not one per row', () => {
    const rows = hourly(21, 11);
    for (let i = 400; i < 420; i++) rows[i] = { ...rows[i]!, value: 900 + i };
    const scores = scoreSeries(rows);
    expect(scores[400]).toBeGreaterThan(0.9);
    expect(scores.slice(401, 420).filter((s) => s > 0).length).toBe(0);
  });

  it('finds a shape change inside the usual range (a busy/idle daily cycle holds a middle level instead)', () => {
    const random = rng(12);
    const day = 288;
    const rows = Array.from({ length: 14 * day }, (_, i) => ({
      ts: MONDAY + i * 300_000,
      value: (i >= 10 * day && i < 10 * day + 150 ? 50 : i % day < day / 2 ? 90 : 10) + random() * 4,
    }));
    const scores = scoreSeries(rows, { direction: 'both' });
    const inFlat = Math.max(...scores.slice(10 * day, 10 * day + 170));
    expect(inFlat).toBeGreaterThan(0);
    expect(Math.max(...scores.slice(4 * day, 10 * day), ...scores.slice(10 * day + 170))).toBeLessThan(inFlat);
  });

  it('is deterministic and reads only the spacing of the timestamps', () => {
    const rows = hourly(10, 6);
    const shifted = rows.map((r) => ({ ...r, ts: r.ts + 12_345_678 }));
    expect(scoreSeries(rows, { direction: 'both' })).toEqual(scoreSeries(rows, { direction: 'both' }));
    expect(scoreSeries(shifted)).toEqual(scoreSeries(rows));
  });

  it('finds a value usual for the series but not for its time of day (the seasonal view)', () => {
    const random = rng(13);
    const rows = Array.from({ length: 21 * 24 }, (_, i) => ({
      ts: MONDAY + i * HOUR,
      value: 100 + 80 * Math.sin((2 * Math.PI * (i % 24)) / 24) + random() * 6,
    }));
    const at = 18 * 24 + 18; // the daily trough (about 20), set to the level of the daily peak
    rows[at] = { ...rows[at]!, value: 170 };
    const scores = scoreSeries(rows);
    expect(scores[at]).toBeGreaterThan(0.1);
    expect(Math.max(...scores.filter((_, i) => i !== at && i > 8 * 24))).toBeLessThan(scores[at]! / 2);
    // without timestamps (or with the view off) the value is inside the range and barely scores
    const scorer = new SeriesScorer();
    const blind = rows.map((r) => scorer.push(r.value));
    expect(blind).toEqual(scoreSeries(rows, { seasonMs: 0 }));
    expect(blind[at]).toBeLessThan(0.1);
  });

  it('a deviation record counts only against the series own earlier deviations', () => {
    // a series with a routine 10x burst every 100 rows: another burst of the same size is not new
    const random = rng(7);
    const rows = Array.from({ length: 1500 }, (_, i) => ({ ts: MONDAY + i * 60_000, value: (i % 100 === 50 ? 1000 : 100) + random() * 5 }));
    const scores = scoreSeries(rows);
    expect(Math.max(...scores.slice(400))).toBeLessThan(0.1);
  });

  it('skips non-finite values without learning from them', () => {
    const rows = hourly(3, 8);
    const withNaN = rows.map((r, i) => (i === 40 ? { ...r, value: Number.NaN } : r));
    const scores = scoreSeries(withNaN);
    expect(scores[40]).toBe(0);
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);
  });

  it('scores the warm-up rows 0 and copes with empty input', () => {
    expect(scoreSeries([])).toEqual([]);
    expect(scoreSeries(hourly(1)).slice(0, 10)).toEqual(new Array(10).fill(0));
  });
});
