import { createDefaultScorer, type Scorer } from '@tokenwatch/detector';

/** The one place that decides which detection engine replay runs: the detector's default engine. */
export function createReplayScorer(): Scorer {
  return createDefaultScorer();
}
