import type { AccessEvent, Alert } from '@tokenwatch/contracts';

/**
 * The seam between the pipeline and detection: events of one token arrive in event-time order,
 * alerts come back. Implementations keep their own bounded per-token state and never read the clock.
 */
export interface Scorer {
  observe(event: AccessEvent): readonly Alert[];
  /** Number of tokens with state in memory. */
  trackedTokens(): number;
}
