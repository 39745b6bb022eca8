import { hashText, streamPrng } from '../random/prng';
import { DAY_MS } from '../world/local-time';

export type DstChangeName = 'eu-spring' | 'us-spring' | 'eu-autumn' | 'us-autumn';

/** The days clocks change (EU: last Sunday of March and October; US: 2nd Sunday of March, 1st of November). */
export const DST_CHANGES: ReadonlyArray<{ name: DstChangeName; day: (year: number) => number }> = [
  { name: 'eu-spring', day: (year) => lastSunday(year, 2) },
  { name: 'us-spring', day: (year) => nthSunday(year, 2, 2) },
  { name: 'eu-autumn', day: (year) => lastSunday(year, 9) },
  { name: 'us-autumn', day: (year) => nthSunday(year, 10, 1) },
];

export const START_YEARS = [2025, 2026, 2027] as const;

/** Of every 8 consecutive seed numbers, 4 start in a clock-change week (one per change) and 4 on any day. */
const STRATA = 8;

export interface DrawnStart {
  /** Epoch ms, 00:00 UTC. */
  start: number;
  /** The clock change inside the period, when the start was drawn around one. */
  dstChange: DstChangeName | null;
}

/**
 * The start of a seed's period, from the seed alone (never the clock). The seed's trailing number
 * (`hold-07` → 7, else a hash of the text) picks the stratum, so a numbered list of seeds covers
 * each clock change in turn; the seed's own random stream picks the year and the day. A
 * clock-change start puts the change 1 to days − 1 days into the period.
 */
export function drawStart(seed: string, days: number): DrawnStart {
  const rng = streamPrng(seed, 'sweep:start');
  const year = START_YEARS[rng.int(START_YEARS.length)]!;
  const stratum = stratumOf(seed);
  const change = DST_CHANGES[stratum];
  if (change) {
    const wholeDays = Math.floor(days);
    const daysBefore = wholeDays >= 2 ? 1 + rng.int(wholeDays - 1) : 0;
    return { start: change.day(year) - daysBefore * DAY_MS, dstChange: change.name };
  }
  const first = Date.UTC(year, 0, 1);
  return { start: first + rng.int(Math.round((Date.UTC(year + 1, 0, 1) - first) / DAY_MS)) * DAY_MS, dstChange: null };
}

function stratumOf(seed: string): number {
  const number = /(\d+)$/.exec(seed)?.[1];
  return (number === undefined ? hashText(seed) : Number(number)) % STRATA;
}

/** 00:00 UTC of the n-th Sunday (1-based) of a month (0-based). */
export function nthSunday(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const weekday = new Date(first).getUTCDay();
  return first + (((7 - weekday) % 7) + 7 * (n - 1)) * DAY_MS;
}

/** 00:00 UTC of the last Sunday of a month (0-based). */
export function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY_MS;
}
