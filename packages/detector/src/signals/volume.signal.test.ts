import { describe, expect, it } from 'vitest';
import { Alert } from '@tokenwatch/contracts';
import { firing, runDetector, signalsOf } from '../testing/run-detector';
import { MONDAY, dailyCycle, event, merge, nightlyBatch, officeHours, rng, traffic, type Profile } from '../testing/synthetic-traffic';

const DAY = 86_400_000;
const MIN = 60_000;
const token = (rate: Profile['rate'], fp = 'a1b2c3d4e5f60708'): Profile => ({ fp, rate });
const burst = (p: Profile, start: number, n: number, durationMs: number) => {
  const random = rng(7);
  return Array.from({ length: n }, (_, i) => event(p, start + Math.floor((i * durationMs) / n), {}, random));
};

describe('volume_spike', () => {
  it('fires within a minute, at medium or above, on a 20x spike against the seasonal baseline', () => {
    const p = token(dailyCycle(200));
    const at = MONDAY + 10 * DAY + 14 * 3_600_000;
    const { alerts } = runDetector(merge(traffic(p, MONDAY, MONDAY + 11 * DAY, 1), burst(p, at, 4000, 20 * MIN)));
    const hits = firing(alerts, { after: at, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - at).toBeLessThanOrEqual(60_000);
    const signal = signalsOf(hits, 'volume_spike')[0]!;
    expect(signal.detail).toMatch(
      /^\d[\d,]* requests in (1|5) min vs a typical peak of [\d.,]+ ± [\d.,]+ for Thursday 14:00 UTC \([\d.,]+×, p=1e-\d+\)(; \d+ in 5 min is past the token's record of [\d.,]+ by [\d,]+%)?\.$/,
    );
    expect(() => Alert.parse(hits[0])).not.toThrow();
    expect(firing(alerts, { min: 'low' }).every((a) => a.ts >= at)).toBe(true);
  });

  it('stays quiet on a daily cycle, a weekly (office-hours) cycle and organic growth', () => {
    const growth = (how: number, hour: number) => 100 * 1.1 ** ((hour - MONDAY / 3_600_000) / 24);
    for (const rate of [dailyCycle(300), officeHours(600), growth]) {
      const { alerts } = runDetector(traffic(token(rate), MONDAY, MONDAY + 21 * DAY, 3));
      expect(firing(alerts).map((a) => a.summary)).toEqual([]);
    }
  });

  it('stays quiet on a nightly batch of 3,000 requests in 10 minutes, first night included', () => {
    const { alerts } = runDetector(traffic(token(nightlyBatch(20, 3000)), MONDAY, MONDAY + 14 * DAY, 4));
    expect(firing(alerts)).toEqual([]);
  });

  it('uses Poisson tails for a low-volume token: 40 requests in a minute fire, 12 do not', () => {
    const p = token(() => 2);
    const history = traffic(p, MONDAY, MONDAY + 10 * DAY, 5);
    const at = MONDAY + 10 * DAY + 3_600_000 * 15;
    const loud = runDetector(merge(history, burst(p, at, 40, 50_000)));
    expect(signalsOf(firing(loud.alerts, { after: at }), 'volume_spike').length).toBe(1);
    const soft = runDetector(merge(history, burst(p, at, 12, 50_000)));
    expect(firing(soft.alerts, { after: at })).toEqual([]);
  });
});

describe("volume_spike: range novelty past the token's record, as scoreSeries scores it", () => {
  const at = MONDAY + 10 * DAY + 14 * 3_600_000;

  it('a spike far past every 5-minute count the token ever had scores as a new range (about 1)', () => {
    const p = token(dailyCycle(20));
    const { alerts } = runDetector(merge(traffic(p, MONDAY, MONDAY + 11 * DAY, 11), burst(p, at, 150, 4 * MIN)));
    const s = signalsOf(firing(alerts, { after: at }), 'volume_spike');
    expect(Math.max(...s.map((x) => x.score))).toBeGreaterThanOrEqual(0.95);
    expect(s.at(-1)!.detail).toMatch(/; \d+ in 5 min is past the token's record of [\d.,]+ by [\d,]+%\.$/);
  });

  it("the same spike inside the range a nightly batch already set keeps the fold's score", () => {
    const p = token(nightlyBatch(20, 3000));
    const { alerts } = runDetector(merge(traffic(p, MONDAY, MONDAY + 11 * DAY, 12), burst(p, at, 150, 4 * MIN)));
    const s = signalsOf(firing(alerts, { after: at }), 'volume_spike');
    expect(s.length).toBeGreaterThan(0);
    expect(Math.max(...s.map((x) => x.score))).toBeLessThan(0.9);
    expect(s.every((x) => !x.detail.includes('record'))).toBe(true);
  });
});

describe('bytes_spike', () => {
  it('fires on a bulk export (many tens of MB in minutes) and names the typical peak', () => {
    const p: Profile = { ...token(dailyCycle(120)), bytes: 3000 };
    const at = MONDAY + 9 * DAY + 10 * 3_600_000;
    const random = rng(3);
    const exports = Array.from({ length: 20 }, (_, i) =>
      event(p, at + i * 15_000, { route: '/v1/exports/{id}/download', path: `/v1/exports/${i}/download`, bytes: 40_000_000 }, random),
    );
    const { alerts } = runDetector(merge(traffic(p, MONDAY, MONDAY + 10 * DAY, 6), exports));
    const hits = firing(alerts, { after: at, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - at).toBeLessThanOrEqual(60_000);
    expect(signalsOf(hits, 'bytes_spike')[0]!.detail).toMatch(/MB of responses in 5 min vs a typical peak of .*B/);
  });

  it('stays quiet on a nightly export of the same size every night', () => {
    const p: Profile = { ...token(nightlyBatch(10, 100)), bytes: 200_000 };
    const random = rng(9);
    const nightly = Array.from({ length: 14 }, (_, d) =>
      event(p, MONDAY + d * DAY + 2 * 3_600_000 + 11 * MIN, { route: '/v1/exports/{id}/download', bytes: 30_000_000 }, random),
    );
    const { alerts } = runDetector(merge(traffic(p, MONDAY, MONDAY + 14 * DAY, 8), nightly));
    expect(firing(alerts)).toEqual([]);
  });
});
