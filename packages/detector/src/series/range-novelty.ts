import { lowerBound, SortedWindow } from './sorted-window';

export interface RangeNoveltyOptions {
  /** also score values below everything seen */
  both: boolean;
  /** rows in the rolling median / IQR window of the deviation view */
  deviationWindow: number;
  /** rows before the deviation view may score */
  deviationWarmup: number;
  /** margin-equivalent per unit of ratio over the earlier record deviation */
  deviationGain: number;
  /** rows whose range records are not yet typical of the series (the range is still forming) */
  warmup: number;
}

/**
 * How far `x` lies above `hi` (and, with `both`, below `lo`), as a fraction of the known range [lo, hi]:
 * 0 inside it. The range view of scoreSeries and the live volume signal's record both measure novelty so.
 */
export function rangeMargin(x: number, lo: number, hi: number, both = false): number {
  const range = Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
  return Math.max(0, (x - hi) / range, both ? (lo - x) / range : 0);
}

/** The score of a range margin: `1 − 10^(−margin / marginFor09)`, a hair past the edge about 0, `marginFor09` past it 0.9. */
export const noveltyScore = (margin: number, marginFor09: number): number => (margin > 0 ? 1 - 10 ** (-margin / marginFor09) : 0);

/**
 * Where the series has never been. Two views, the stronger counts:
 * - range: the value leaves [min, max] of every earlier value, by a margin measured as a fraction of that range;
 *   a margin below the median margin of the series' earlier records (after `warmup` rows) is shrunk by its ratio to
 *   that median, so a series that routinely breaks its records by 10 % needs more than 10 % (a per-series, scale-free
 *   threshold);
 * - deviation record: |value − rolling median| / rolling IQR beats every earlier such deviation of the series,
 *   so a series that routinely jumps by 8 IQRs needs more than 8 to count.
 * `push` returns the margin (0 when no record is broken) and then learns the value.
 */
export class RangeNovelty {
  private readonly window: SortedWindow;
  private lo = Infinity;
  private hi = -Infinity;
  private seen = 0;
  private recordDeviation = 0;
  /** margins of the earlier range records, sorted */
  private readonly records: number[] = [];

  constructor(private readonly o: RangeNoveltyOptions) {
    this.window = new SortedWindow(o.deviationWindow);
  }

  push(x: number): number {
    let margin = 0;
    if (this.seen > 0) margin = rangeMargin(x, this.lo, this.hi, this.o.both);
    if (margin > 0 && this.seen >= this.o.warmup) {
      const typical = this.records.length >= 3 ? this.records[this.records.length >> 1]! : 0;
      this.records.splice(lowerBound(this.records, margin), 0, margin);
      if (margin < typical) margin *= margin / typical;
    }
    if (this.window.size >= 50) {
      const median = this.window.quantile(0.5);
      const scale = Math.max(this.window.quantile(0.75) - this.window.quantile(0.25), (this.hi - this.lo) * 0.01, 1e-9);
      const deviation = (this.o.both ? Math.abs(x - median) : x - median) / scale;
      if (this.seen >= this.o.deviationWarmup && this.recordDeviation > 0 && deviation > this.recordDeviation) {
        margin = Math.max(margin, this.o.deviationGain * (deviation / this.recordDeviation - 1));
      }
      this.recordDeviation = Math.max(this.recordDeviation, deviation);
    }
    this.lo = Math.min(this.lo, x);
    this.hi = Math.max(this.hi, x);
    this.window.push(x);
    this.seen++;
    return margin;
  }
}
