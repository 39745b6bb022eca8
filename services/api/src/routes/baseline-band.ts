const HOUR = 3_600_000;

export interface HourPoint {
  hour: number;
  events: number;
}

export interface BandPoint {
  hour: number;
  events: number;
  /** Mean and mean ± 2 standard deviations of the same hour of day across the range. */
  expected: number;
  low: number;
  high: number;
}

/** The detector's stored expectation for a token: requests per hour of week (Monday 00:00 UTC first). */
export interface DetectorBaseline {
  hourlyRate: readonly number[];
  /** Negative-binomial dispersion (1 = Poisson); widens the band for bursty tokens. */
  dispersion: number;
}

/** Hour of the week from Monday 00:00 UTC (1970-01-01 was a Thursday, 72 hours into its week). */
const hourOfWeek = (ts: number): number => (Math.floor(ts / HOUR) + 72) % 168;

/**
 * The band from the detector's own baseline: for every hour of [from, to), the expected requests of
 * that hour of week and ±2 standard deviations of a negative binomial with that mean and dispersion.
 * This is what the volume signals compare against, so the chart shows the numbers alerts cite.
 */
export function detectorBand(hourly: readonly HourPoint[], range: { from: number; to: number }, baseline: DetectorBaseline): BandPoint[] {
  const byHour = new Map(hourly.map((h) => [h.hour, h.events]));
  const first = Math.floor(range.from / HOUR) * HOUR;
  const phi = Math.max(1, baseline.dispersion || 1);
  const points: BandPoint[] = [];
  for (let t = first; t < range.to; t += HOUR) {
    const expected = baseline.hourlyRate[hourOfWeek(t)] ?? 0;
    const sd = Math.sqrt(expected * phi);
    points.push({ hour: t, events: byHour.get(t) ?? 0, expected, low: Math.max(0, expected - 2 * sd), high: expected + 2 * sd });
  }
  return points;
}

/**
 * A simple baseline band for a token's hourly usage: every hour of [from, to) (hours without
 * events count as 0), compared with the same hour of day over the whole range.
 */
export function baselineBand(hourly: readonly HourPoint[], range: { from: number; to: number }): BandPoint[] {
  const byHour = new Map(hourly.map((h) => [h.hour, h.events]));
  const first = Math.floor(range.from / HOUR) * HOUR;
  const points: HourPoint[] = [];
  for (let t = first; t < range.to; t += HOUR) points.push({ hour: t, events: byHour.get(t) ?? 0 });
  const stats = Array.from({ length: 24 }, () => ({ n: 0, sum: 0, sq: 0 }));
  for (const p of points) {
    const s = stats[new Date(p.hour).getUTCHours()];
    if (!s) continue;
    s.n += 1;
    s.sum += p.events;
    s.sq += p.events * p.events;
  }
  return points.map((p) => {
    const s = stats[new Date(p.hour).getUTCHours()] ?? { n: 1, sum: 0, sq: 0 };
    const mean = s.sum / s.n;
    const sd = Math.sqrt(Math.max(0, s.sq / s.n - mean * mean));
    return { hour: p.hour, events: p.events, expected: mean, low: Math.max(0, mean - 2 * sd), high: mean + 2 * sd };
  });
}
