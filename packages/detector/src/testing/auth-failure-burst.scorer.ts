import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { alertId } from '../alert-id';
import type { Scorer } from '../scorer';

/**
 * Placeholder rule that proves the pipeline end to end: a burst of 401/403 responses for one token.
 * The real engine (baselines, the full signal vocabulary) replaces it behind the same Scorer seam.
 */
export interface AuthFailureBurstConfig {
  /** Failures within `windowMs` that make a burst. */
  threshold: number;
  windowMs: number;
  /** Oldest tokens are forgotten beyond this many (bounded memory). */
  maxTrackedTokens: number;
}

export const defaultAuthFailureBurstConfig: AuthFailureBurstConfig = {
  threshold: 5,
  windowMs: 60_000,
  maxTrackedTokens: 100_000,
};

interface TokenState {
  /** Event times of the most recent failures, oldest first, at most `threshold` of them. */
  failures: number[];
  /** Start of the burst already alerted on; further failures within the window are the same burst. */
  alertedBurstStart: number | null;
}

export function createAuthFailureBurstScorer(config: AuthFailureBurstConfig = defaultAuthFailureBurstConfig): Scorer {
  // Map keeps insertion order: re-inserting on every touch makes the first key the least recently used.
  const states = new Map<string, TokenState>();

  function touch(fp: string): TokenState {
    const state = states.get(fp) ?? { failures: [], alertedBurstStart: null };
    states.delete(fp);
    states.set(fp, state);
    if (states.size > config.maxTrackedTokens) {
      const oldest = states.keys().next().value;
      if (oldest !== undefined) states.delete(oldest);
    }
    return state;
  }

  return {
    trackedTokens: () => states.size,
    observe(event: AccessEvent): Alert[] {
      if (event.status !== 401 && event.status !== 403) return [];
      const state = touch(event.token.fp);
      state.failures.push(event.ts);
      while (state.failures.length > 0 && event.ts - state.failures[0]! > config.windowMs) state.failures.shift();
      if (state.failures.length > config.threshold) state.failures.shift();
      if (state.failures.length < config.threshold) return [];

      const burstStart = state.failures[0]!;
      if (state.alertedBurstStart !== null && burstStart - state.alertedBurstStart <= config.windowMs) return [];
      state.alertedBurstStart = burstStart;
      return [buildAlert(event, burstStart, state.failures.length, config)];
    },
  };
}

function buildAlert(event: AccessEvent, burstStart: number, failures: number, config: AuthFailureBurstConfig): Alert {
  const seconds = Math.round(config.windowMs / 1000);
  const detail = `${failures} auth failures (401/403) within ${seconds}s; the threshold is ${config.threshold}.`;
  return {
    id: alertId(event.token.fp, 'auth_failures', burstStart),
    ts: event.ts,
    token: { fp: event.token.fp, hint: event.token.hint },
    severity: 'medium',
    score: 0.6,
    signals: [{ type: 'auth_failures', score: 0.6, observed: failures, expected: config.threshold, detail }],
    summary: `Burst of auth failures for token ${event.token.hint ?? event.token.fp.slice(0, 8)}: ${detail}`,
    window: { start: burstStart, end: event.ts },
    state: 'firing',
  };
}
