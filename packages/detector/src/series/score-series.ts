import { PatternNovelty } from './pattern-novelty';
import { RangeNovelty, noveltyScore } from './range-novelty';
import { SeasonalNovelty } from './seasonal-novelty';
import { RepeatSuppressor } from './trailing-max';

export interface SeriesRow {
  ts: number;
  value: number;
}

export interface ScoreSeriesOptions {
  /** 'up' scores rises only (request volume: only spikes matter); 'both' also drops (NAB). Default 'up'. */
  direction?: 'up' | 'both';
  /** Rows scored 0 while the baseline forms; they still teach it (default 10). */
  warmup?: number;
  /** Margin beyond the known range, as a fraction of that range, that scores 0.9 in the range view (default 0.5). */
  marginFor09?: number;
  /** Rows in the rolling median / IQR window of the deviation view (default 500). */
  deviationWindow?: number;
  /** Rows before the deviation view may score (default 300). */
  deviationWarmup?: number;
  /** Weight of a deviation record: margin-equivalent per unit of ratio over the earlier record (default 0.02). */
  deviationGain?: number;
  /** Moving-mean lengths (rows) the pattern view reads the series at (default [1, 4, 16]). */
  patternScales?: number[];
  /** Levels the warm-up range is cut into for patterns (default 10). */
  patternBins?: number;
  /** Rows that fix the pattern levels (default 300). */
  patternWarmup?: number;
  /** Rows over which new patterns are counted (default 10). */
  patternRecent?: number;
  /** Surprise (−log10 chance) below which a new pattern scores 0 (default 2). */
  patternOffset?: number;
  /** Largest score of the pattern view alone (default 0.1): a new shape is weaker evidence than a new range. */
  patternWeight?: number;
  /** A range record is kept only when it beats every one of the last rows of this many (default 50). */
  rangeRepeatRows?: number;
  /** A pattern surprise is kept only when it beats every one of the last rows of this many (default 400). */
  patternRepeatRows?: number;
  /** Rows after an alarm during which another needs `repeatFactor` × its score (default 20). */
  repeatRows?: number;
  /** default 2 */
  repeatFactor?: number;
  /** Length of the season (ms) the seasonal view compares each value with; 0 turns the view off (default one day). */
  seasonMs?: number;
  /** Earlier seasons whose median at the same phase is the seasonal reference (default 7: the last week of days). */
  seasonCycles?: number;
}

/** The margin past the known range that scores 0.9: one calibration for scoreSeries and the live volume record. */
export const MARGIN_FOR_09 = 0.5;

const DEFAULTS: Required<ScoreSeriesOptions> = {
  direction: 'up',
  warmup: 10,
  marginFor09: MARGIN_FOR_09,
  deviationWindow: 500,
  deviationWarmup: 300,
  deviationGain: 0.02,
  patternScales: [1, 4, 16],
  patternBins: 10,
  patternWarmup: 300,
  patternRecent: 10,
  patternOffset: 2,
  patternWeight: 0.1,
  rangeRepeatRows: 50,
  patternRepeatRows: 400,
  repeatRows: 20,
  repeatFactor: 2,
  seasonMs: 86_400_000,
  seasonCycles: 7,
};

/**
 * The volume detector over one entity's series (`value` per interval, any unit, any sampling interval): a score
 * in 0..1 for every row, high when the series goes where it has never been (range novelty) or takes a shape it
 * never had (pattern novelty). Causal (a row's score depends only on earlier rows and itself), deterministic, no
 * seasonality, no timestamps used. Each view keeps only its strongest alarm of an episode, and after any alarm
 * another one needs twice its score for a few rows: one alarm per episode, as an operator (or NAB) wants.
 */
export function scoreSeries(rows: ReadonlyArray<SeriesRow>, options: ScoreSeriesOptions = {}): number[] {
  const scorer = new SeriesScorer(options);
  return rows.map((r) => scorer.push(r.value, r.ts));
}

/** `scoreSeries` one row at a time. */
export class SeriesScorer {
  private readonly o: Required<ScoreSeriesOptions>;
  private readonly range: RangeNovelty;
  private readonly pattern: PatternNovelty;
  private readonly rangeRepeats: RepeatSuppressor;
  private readonly patternRepeats: RepeatSuppressor;
  private readonly repeats: RepeatSuppressor;
  private readonly season: SeasonalNovelty | null;
  private readonly seasonRepeats: RepeatSuppressor;
  private rows = 0;

  constructor(options: ScoreSeriesOptions = {}) {
    this.o = { ...DEFAULTS, ...options };
    const both = this.o.direction === 'both';
    this.range = new RangeNovelty({
      both,
      deviationWindow: this.o.deviationWindow,
      deviationWarmup: this.o.deviationWarmup,
      deviationGain: this.o.deviationGain,
      warmup: this.o.warmup,
    });
    this.pattern = new PatternNovelty({ scales: this.o.patternScales, bins: this.o.patternBins, warmup: this.o.patternWarmup, recent: this.o.patternRecent });
    this.rangeRepeats = new RepeatSuppressor(this.o.rangeRepeatRows);
    this.patternRepeats = new RepeatSuppressor(this.o.patternRepeatRows);
    this.repeats = new RepeatSuppressor(this.o.repeatRows, this.o.repeatFactor);
    this.season = this.o.seasonMs > 0 ? new SeasonalNovelty({ periodMs: this.o.seasonMs, cycles: this.o.seasonCycles, both, warmup: this.o.warmup }) : null;
    this.seasonRepeats = new RepeatSuppressor(this.o.rangeRepeatRows);
  }

  /** The score of the next row; without `ts` the seasonal view stays silent. */
  push(value: number, ts?: number): number {
    if (!Number.isFinite(value)) return 0;
    // the seasonal view counts as far as the season explains the series
    const seasonMargin = ts !== undefined && this.season !== null ? this.season.push(value, ts) : 0;
    const seasonScore = this.seasonRepeats.push(seasonMargin > 0 ? this.season!.explained * noveltyScore(seasonMargin, this.o.marginFor09) : 0);
    const warm = this.rows++ >= this.o.warmup;
    const level = this.pattern.level;
    const margin = this.range.push(value);
    let surprise = this.pattern.push(value);
    if (this.o.direction === 'up' && !(value > level)) surprise = 0;
    const rangeScore = this.rangeRepeats.push(warm ? noveltyScore(margin, this.o.marginFor09) : 0);
    const excess = this.patternRepeats.push(Math.max(0, surprise - this.o.patternOffset));
    const patternScore = this.o.patternWeight * (1 - 10 ** (-excess / 10));
    return this.repeats.push(Math.max(rangeScore, patternScore, seasonScore));
  }
}
