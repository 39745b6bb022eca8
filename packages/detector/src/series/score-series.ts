import { clamp01, log10NormalUpper, log10UpperTail } from '../math/stats';
import { DAY_MS, HOUR_MS, WEEK_HOURS, hourIndex, hourOfWeek } from '../math/time';

export interface SeriesRow {
  ts: number;
  value: number;
}

export interface ScoreSeriesOptions {
  /** Seasonal slots: by hour of week, day of week, none, or 'auto' (from the sampling interval). */
  seasonality?: 'auto' | 'hour-of-week' | 'day-of-week' | 'none';
  /** Rows scored 0 while the baseline forms (default 10). */
  warmup?: number;
  /** A value must exceed the expectation by this factor to score fully (default 1.5). */
  minFold?: number;
  /** log10 p at which the score starts rising and at which it saturates (default -2 and -10). */
  log10PStart?: number;
  log10PFull?: number;
}

interface Moments {
  mean: number;
  variance: number;
  n: number;
}

const update = (m: Moments, x: number, alphaMin: number): void => {
  m.n++;
  const a = Math.max(1 / m.n, alphaMin);
  const d = x - m.mean;
  m.mean += a * d;
  m.variance = m.n === 1 ? m.variance : (1 - a) * (m.variance + a * d * d);
};

/**
 * The volume detector over one entity's series (`value` per interval, any unit, any sampling interval):
 * a score in 0..1 for every row, high when the value spikes above its seasonal expectation. Causal:
 * a row's score depends only on the rows before it (and its own value and time). Seasonality by hour
 * of week for intervals up to an hour, by day of week up to a day; integer series get Poisson-aware
 * (negative-binomial) tails, others a normal tail. Updates are clipped so one spike cannot become the norm.
 */
export function scoreSeries(rows: ReadonlyArray<SeriesRow>, options: ScoreSeriesOptions = {}): number[] {
  const warmup = options.warmup ?? 10;
  const minFold = options.minFold ?? 1.5;
  const pStart = options.log10PStart ?? -2;
  const pFull = options.log10PFull ?? -10;
  const level: Moments = { mean: 0, variance: 0, n: 0 };
  let slots: Moments[] | null = null;
  let slotOf: (ts: number) => number = () => 0;
  let integers = true;
  const diffs: number[] = [];
  const scores: number[] = [];

  for (let i = 0; i < rows.length; i++) {
    const { ts, value } = rows[i]!;
    const x = Number.isFinite(value) ? value : 0;
    if (slots === null && (diffs.length >= 3 || i >= warmup)) {
      [slots, slotOf] = chooseSeasonality(options.seasonality ?? 'auto', median(diffs));
    }
    const slot = slots ? slots[slotOf(ts)] : undefined;
    const seasonal = slot !== undefined && slot.n >= 2;
    const mu = Math.max(0, seasonal ? slot.mean : level.mean);
    const variance = Math.max(seasonal ? slot.variance : level.variance, level.variance * 0.25);
    let score = 0;
    if (i >= warmup && x > mu) score = spikeScore(x, mu, variance, integers, minFold, pStart, pFull);
    scores.push(Math.round(score * 10_000) / 10_000);

    // learn, clipping what a spike may teach
    const sd = Math.sqrt(Math.max(variance, integers ? mu : 0));
    const taught = level.n >= warmup ? Math.min(x, mu + 4 * sd + 1) : x;
    update(level, taught, 0.02);
    if (slot) update(slot, taught, 0.1);
    if (!Number.isInteger(x) || x < 0) integers = false;
    const prev = rows[i - 1];
    if (prev && ts > prev.ts && diffs.length < 101) diffs.push(ts - prev.ts);
  }
  return scores;
}

function spikeScore(x: number, mu: number, variance: number, integers: boolean, minFold: number, pStart: number, pFull: number): number {
  let lp: number;
  if (integers) {
    const phi = mu > 0 ? Math.max(0, (variance - mu) / (mu * mu)) : 0;
    lp = log10UpperTail(x, Math.max(mu, 0.01), Math.min(phi, 10));
  } else {
    const sd = Math.sqrt(variance) || Math.max(Math.abs(mu) * 0.01, 1e-9);
    lp = log10NormalUpper((x - mu) / sd);
  }
  const significance = clamp01((pStart - lp) / (pStart - pFull));
  const fold = mu > 0 ? clamp01((x / mu - 1) / (minFold - 1)) : 1;
  return significance * fold;
}

function chooseSeasonality(mode: NonNullable<ScoreSeriesOptions['seasonality']>, interval: number): [Moments[] | null, (ts: number) => number] {
  const pick = mode === 'auto' ? (interval > 0 && interval <= HOUR_MS ? 'hour-of-week' : interval > 0 && interval <= DAY_MS ? 'day-of-week' : 'none') : mode;
  const make = (n: number) => Array.from({ length: n }, () => ({ mean: 0, variance: 0, n: 0 }));
  if (pick === 'hour-of-week') return [make(WEEK_HOURS), (ts) => hourOfWeek(hourIndex(ts))];
  if (pick === 'day-of-week') return [make(7), (ts) => Math.floor(hourOfWeek(hourIndex(ts)) / 24)];
  return [null, () => 0];
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
