import { createAuthFailureBurstScorer, type Scorer } from '@tokenwatch/detector';

/**
 * The one place that decides which detection engine replay runs. Today the placeholder
 * auth-failure rule; the engine of issue 5 replaces it here, behind the same Scorer seam.
 */
export function createReplayScorer(): Scorer {
  return createAuthFailureBurstScorer();
}
