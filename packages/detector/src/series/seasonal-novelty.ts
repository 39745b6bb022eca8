import { rangeMargin } from './range-novelty';

export interface SeasonalNoveltyOptions {
  /** the season's length in time, e.g. a day (86,400,000 ms) */
  periodMs: number;
  /** earlier seasons whose values at the same phase form the reference (their median) */
  cycles: number;
  /** also score differences below everything seen */
  both: boolean;
  /** differences learned before this view may score */
  warmup: number;
}

/** Rows whose time steps fix the sampling interval (their median step). */
const STEP_ROWS = 20;
/** Longest season in rows that is followed (memory: `cycles` × this many numbers). */
const MAX_PERIOD_ROWS = 5000;

/** Running mean and variance (Welford). */
class Moments {
  n = 0;
  private mean = 0;
  private m2 = 0;

  push(x: number): void {
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  get variance(): number {
    return this.n > 1 ? this.m2 / this.n : Number.NaN;
  }
}

/**
 * Where the series has never been relative to the same time of earlier seasons (days): the difference between the
 * value and the median of the values at the same phase of the last `cycles` seasons (one season's outlier does not
 * move a median, so it does not echo a season later) leaves the range of every earlier such difference (margin as a
 * fraction of that range, as `rangeMargin`). The period in rows comes from the timestamps (the median step of the
 * first rows); only their spacing matters. The view speaks only while the season explains part of the series'
 * variance (`explained` > 0: the differences vary less than the values, for a single lag an autocorrelation above
 * 0.5), so a series without that season is left to the other views; the scorer weights its score by `explained`.
 * A missing daily jump or a spike at an hour that is always quiet is new here although the value is well inside the
 * series' range. `push` returns the margin (0 when the view is silent) and then learns the value.
 */
export class SeasonalNovelty {
  private readonly stamps: number[] = [];
  private readonly early: number[] = [];
  private period = 0;
  private ring: Float64Array | null = null;
  private rows = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly values = new Moments();
  private readonly differences = new Moments();
  private readonly refs: Float64Array;

  constructor(private readonly o: SeasonalNoveltyOptions) {
    this.refs = new Float64Array(o.cycles);
  }

  /**
   * The share of the values' variance the season explains, 1 − var(differences) / var(values), in 0..1 (0 while
   * unknown or when the differences vary as much as the values).
   */
  get explained(): number {
    const r = 1 - this.differences.variance / this.values.variance;
    return r > 0 ? r : 0;
  }

  push(x: number, ts: number): number {
    if (this.ring === null) {
      this.fixPeriod(x, ts);
      this.rows++;
      return 0;
    }
    const p = this.period;
    const size = this.ring.length;
    let margin = 0;
    if (this.rows >= p) {
      // the values at this phase of the last seasons, insertion-sorted (a handful)
      const refs = this.refs;
      let n = 0;
      for (let k = 1; k <= this.o.cycles && this.rows - k * p >= 0; k++) {
        const v = this.ring[(this.rows - k * p) % size]!;
        let j = n++;
        while (j > 0 && refs[j - 1]! > v) refs[j] = refs[--j]!;
        refs[j] = v;
      }
      const mid = n >> 1;
      const reference = n % 2 === 1 ? refs[mid]! : (refs[mid - 1]! + refs[mid]!) / 2;
      const d = x - reference;
      if (this.differences.n >= this.o.warmup && this.explained > 0) {
        margin = rangeMargin(d, this.lo, this.hi, this.o.both);
      }
      this.lo = Math.min(this.lo, d);
      this.hi = Math.max(this.hi, d);
      this.differences.push(d);
    }
    this.ring[this.rows % size] = x;
    this.values.push(x);
    this.rows++;
    return margin;
  }

  private fixPeriod(x: number, ts: number): void {
    if (this.stamps.length === STEP_ROWS + 1) return;
    this.stamps.push(ts);
    this.early.push(x);
    this.values.push(x);
    if (this.stamps.length < STEP_ROWS + 1) return;
    const steps = this.stamps.slice(1).map((t, i) => t - this.stamps[i]!);
    steps.sort((a, b) => a - b);
    const step = steps[STEP_ROWS >> 1]!;
    const period = step > 0 ? Math.round(this.o.periodMs / step) : 0;
    if (!(period >= 4 && period <= MAX_PERIOD_ROWS)) return; // also NaN from timestamps that are not numbers
    this.period = period;
    this.ring = new Float64Array(period * this.o.cycles);
    const ring = this.ring;
    this.early.forEach((v, i) => (ring[i % ring.length] = v));
    this.early.length = 0;
  }
}
