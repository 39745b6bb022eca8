import type { CostMatrix } from './nab-corpus';

/**
 * NAB's scoring (numenta/NAB `nab/sweeper.py`, `optimizer.py`, `runner.py` normalize) re-implemented for
 * fast tuning loops. The reported numbers come from NAB's own Python scorer; this one is checked against it.
 */

const OUTSIDE = -1;
const PROBATION = -2;

export interface SweepPoint {
  anomalyScore: number;
  sweepScore: number;
  /** a corpus-wide window id, or OUTSIDE / PROBATION */
  window: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const scaledSigmoid = (position: number) => (position > 3 ? -1 : 2 * sigmoid(-5 * position) - 1);

export function probationaryLength(rows: number, percent = 0.15): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/** Per-row NAB sweep scores of one file; window ids start at `firstWindowId`. */
export function sweepFile(
  ts: readonly number[],
  scores: readonly number[],
  windows: ReadonlyArray<[number, number]>,
  cost: CostMatrix,
  firstWindowId: number,
): SweepPoint[] {
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(ts.length);
  const index = new Map(ts.map((t, i) => [t, i]));
  const spans = windows.map(([a, b]) => {
    const left = index.get(a);
    const right = index.get(b);
    if (left === undefined || right === undefined) throw new Error(`window ${a}..${b} is not on a row timestamp`);
    return { left, right };
  });
  const points: SweepPoint[] = [];
  let next = 0;
  let current: { left: number; right: number; id: number } | null = null;
  let previous: { right: number; width: number } | null = null;
  for (let i = 0; i < ts.length; i++) {
    if (current === null && next < spans.length && i === spans[next]!.left) {
      current = { ...spans[next]!, id: firstWindowId + next };
      next++;
    }
    let sweepScore: number;
    if (current !== null) {
      const width = current.right - current.left + 1;
      sweepScore = (scaledSigmoid(-(current.right - i + 1) / width) * cost.tpWeight) / maxTp;
    } else {
      const unweighted = previous === null ? -1 : scaledSigmoid(Math.abs(previous.right - i) / (previous.width - 1));
      sweepScore = unweighted * cost.fpWeight;
    }
    const window = i < probation ? PROBATION : current !== null ? current.id : OUTSIDE;
    points.push({ anomalyScore: scores[i]!, sweepScore, window });
    if (current !== null && i === current.right) {
      previous = { right: i, width: current.right - current.left + 1 };
      current = null;
    }
  }
  return points;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  fp: number;
}

/** Every threshold's corpus score (detections are rows with anomaly score >= threshold). */
export function scoresByThreshold(points: readonly SweepPoint[], cost: CostMatrix): ThresholdScore[] {
  const scorable = points.filter((p) => p.window !== PROBATION).sort((a, b) => b.anomalyScore - a.anomalyScore);
  const best = new Map<number, number>();
  for (const p of scorable) if (p.window >= 0) best.set(p.window, -cost.fnWeight);
  let windowSum = -cost.fnWeight * best.size;
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  for (const p of scorable) {
    if (p.anomalyScore !== threshold) {
      out.push({ threshold, score: fpSum + windowSum, tp, fp });
      threshold = p.anomalyScore;
    }
    if (p.window >= 0) {
      tp++;
      const old = best.get(p.window)!;
      if (p.sweepScore > old) {
        best.set(p.window, p.sweepScore);
        windowSum += p.sweepScore - old;
      }
    } else {
      fp++;
      fpSum += p.sweepScore;
    }
  }
  out.push({ threshold, score: fpSum + windowSum, tp, fp });
  return out;
}

/** The optimizer's pick: the highest score, ties to the highest threshold. */
export function optimize(points: readonly SweepPoint[], cost: CostMatrix): ThresholdScore {
  let best: ThresholdScore | undefined;
  for (const s of scoresByThreshold(points, cost)) if (best === undefined || s.score > best.score) best = s;
  return best!;
}

/** NAB's normalized score: 0 = the null detector (every window missed), 100 = every window caught at its start. */
export function normalize(score: number, windows: number, cost: CostMatrix): number {
  const nullScore = -cost.fnWeight * windows;
  return (100 * (score - nullScore)) / (windows * cost.tpWeight - nullScore);
}

export interface CorpusFile {
  ts: readonly number[];
  scores: readonly number[];
  windows: ReadonlyArray<[number, number]>;
}

/** Optimizes one threshold over the files and returns the normalized score, as `run.py --optimize --score --normalize`. */
export function scoreCorpus(files: readonly CorpusFile[], cost: CostMatrix): ThresholdScore & { normalized: number; windows: number } {
  const points: SweepPoint[] = [];
  let windows = 0;
  for (const f of files) {
    for (const p of sweepFile(f.ts, f.scores, f.windows, cost, windows)) points.push(p);
    windows += f.windows.length;
  }
  const best = optimize(points, cost);
  return { ...best, windows, normalized: normalize(best.score, windows, cost) };
}
