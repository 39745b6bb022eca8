import { log10PoissonTail } from './poisson-tail';

export interface PatternNoveltyOptions {
  /** lengths (rows) of the moving means the patterns are read at, e.g. [1, 4, 16] */
  scales: readonly number[];
  /** the range of the warm-up rows is cut into this many levels */
  bins: number;
  /** rows that fix the levels; no pattern scores before */
  warmup: number;
  /** rows over which new patterns are counted */
  recent: number;
}

interface Scale {
  length: number;
  ring: Float64Array;
  sum: number;
  /** moving means of the last `length + 1` rows, oldest first */
  means: number[];
  known: Set<number>;
  novel: number;
  seen: number;
  flags: Uint8Array;
  recentNovel: number;
}

/**
 * Novel patterns in a series' shape, in its own range: a flat stretch where it always oscillates, a missing daily
 * jump, a level it never held for that long. A pattern at scale s is the pair (level of the moving mean of the last
 * s rows, the same level s rows earlier), with levels cut from the range of the warm-up rows. Each scale counts
 * how often its patterns are new; `push` returns the surprise of the current row: −log10 of the Poisson chance of
 * at least as many new patterns among the last `recent` rows at that scale's own rate of novelty (0 when the
 * row's pattern is known), summed over the scales: a change seen at several scales at once is stronger evidence.
 * A noisy series keeps finding new patterns, so each one surprises little.
 */
export class PatternNovelty {
  private readonly scales: Scale[];
  private rows = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private width = 0;

  constructor(private readonly o: PatternNoveltyOptions) {
    this.scales = o.scales.map((length) => ({
      length,
      ring: new Float64Array(length),
      sum: 0,
      means: [],
      known: new Set<number>(),
      novel: 0,
      seen: 0,
      flags: new Uint8Array(o.recent),
      recentNovel: 0,
    }));
  }

  /** The moving mean of the longest scale: the series' current level. */
  get level(): number {
    const s = this.scales[this.scales.length - 1];
    return s === undefined || s.means.length === 0 ? Number.NaN : s.means[s.means.length - 1]!;
  }

  push(x: number): number {
    const t = this.rows++;
    if (t < this.o.warmup) {
      this.lo = Math.min(this.lo, x);
      this.hi = Math.max(this.hi, x);
    } else if (this.width === 0) {
      this.width = Math.max((this.hi - this.lo) / this.o.bins, 1e-9 * Math.max(1, Math.abs(this.hi)));
    }
    let surprise = 0;
    for (const s of this.scales) {
      s.sum += x - s.ring[t % s.length]!;
      s.ring[t % s.length] = x;
      s.means.push(s.sum / Math.min(t + 1, s.length));
      if (s.means.length > s.length + 1) s.means.shift();
      if (this.width === 0 || s.means.length <= s.length) continue;
      const key = this.levelOf(s.means[s.means.length - 1]!) * 1_000_003 + this.levelOf(s.means[0]!);
      const novel = !s.known.has(key);
      if (novel) s.known.add(key);
      const slot = s.seen % this.o.recent;
      s.recentNovel += (novel ? 1 : 0) - s.flags[slot]!;
      s.flags[slot] = novel ? 1 : 0;
      const rate = (s.novel + 1) / (s.seen + 2);
      if (novel) surprise -= log10PoissonTail(s.recentNovel, rate * Math.min(s.seen + 1, this.o.recent));
      s.novel += novel ? 1 : 0;
      s.seen++;
    }
    return surprise;
  }

  private levelOf(mean: number): number {
    return Math.max(-500_000, Math.min(500_000, Math.floor((mean - this.lo) / this.width)));
  }
}
