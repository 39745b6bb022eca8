import { SortedWindow } from './sorted-window';

export interface SeriesRow {
  ts: number;
  value: number;
}

export interface ScoreSeriesOptions {
  /** 'up' scores rises only (request volume: only spikes matter); 'both' also drops (NAB). Default 'up'. */
  direction?: 'up' | 'both';
  /** Rows scored 0 while the baseline forms; they still teach it (default 10). */
  warmup?: number;
  /** Margin beyond the known range, as a fraction of that range, that scores 0.9 (default 0.5). */
  marginFor09?: number;
  /** Rows in the rolling median / IQR window of the deviation view (default 500). */
  deviationWindow?: number;
  /** Rows before the deviation view may score (default 300). */
  deviationWarmup?: number;
  /** Weight of a deviation record: margin-equivalent per unit of ratio over the earlier record (default 0.02). */
  deviationGain?: number;
}

const DEFAULTS: Required<ScoreSeriesOptions> = {
  direction: 'up',
  warmup: 10,
  marginFor09: 0.5,
  deviationWindow: 500,
  deviationWarmup: 300,
  deviationGain: 0.02,
};

/**
 * The volume detector over one entity's series (`value` per interval, any unit, any sampling interval):
 * a score in 0..1 for every row, high when the value goes where the series has never been. Causal (a
 * row's score depends only on earlier rows and itself), deterministic, no seasonality, no timestamps used.
 *
 * Two views, the stronger one counts:
 * - range novelty: the value leaves [min, max] of every earlier value, by a margin measured as a
 *   fraction of that range;
 * - deviation record: |value − rolling median| / rolling IQR (last `deviationWindow` rows) beats every
 *   earlier such deviation of the series, which calibrates the view per series (a series that routinely
 *   jumps by 8 IQRs needs more than 8 to score).
 * The margin maps to a score by `1 − 10^(−margin / marginFor09)`: a hair past the maximum scores near 0,
 * half the range beyond it 0.9. Under ordinary variation records are rare (about 1/n at row n for
 * stationary noise) and small, so scores stay low.
 */
export function scoreSeries(rows: ReadonlyArray<SeriesRow>, options: ScoreSeriesOptions = {}): number[] {
  const o = { ...DEFAULTS, ...options };
  const both = o.direction === 'both';
  const window = new SortedWindow(o.deviationWindow);
  let lo = Infinity;
  let hi = -Infinity;
  let seen = 0;
  let recordDeviation = 0;
  const scores: number[] = [];

  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!.value;
    if (!Number.isFinite(x)) {
      scores.push(0);
      continue;
    }
    let margin = 0;
    if (seen > 0) {
      const range = Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
      margin = Math.max(0, (x - hi) / range, both ? (lo - x) / range : 0);
    }
    if (window.size >= 50) {
      const median = window.quantile(0.5);
      const scale = Math.max(window.quantile(0.75) - window.quantile(0.25), (hi - lo) * 0.01, 1e-9);
      const deviation = (both ? Math.abs(x - median) : x - median) / scale;
      if (seen >= o.deviationWarmup && recordDeviation > 0 && deviation > recordDeviation) {
        margin = Math.max(margin, o.deviationGain * (deviation / recordDeviation - 1));
      }
      recordDeviation = Math.max(recordDeviation, deviation);
    }
    scores.push(i < o.warmup || margin === 0 ? 0 : 1 - 10 ** (-margin / o.marginFor09));
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    window.push(x);
    seen++;
  }
  return scores;
}
