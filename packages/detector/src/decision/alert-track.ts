import { z } from 'zod';
import { Signal, SignalType } from '@tokenwatch/contracts';
import { FAMILY_FURTHER_WEIGHT } from '../signals/score-weights';

/** A signal as kept in a token's alert track: the hit plus the event time it fired at. */
export const TrackedHit = Signal.extend({ ts: z.number() });
export type TrackedHit = z.infer<typeof TrackedHit>;

/**
 * Alert state of one token (only tokens that produced a signal recently have one). `hits` are the
 * pending signals (not alerted yet, combined within the combine window) or, while `groupStart` ≥ 0,
 * the open alert's signals — one per type, the strongest. After a resolution the signals are kept for
 * `prevStart`: an anomaly within the dedup window reopens the same incident rather than starting one.
 */
export const AlertTrack = z.object({
  hint: z.string().nullable(),
  lastFired: z.partialRecord(SignalType, z.number()),
  hits: z.array(TrackedHit),
  groupStart: z.number(),
  lastAnomaly: z.number(),
  emittedSeverity: z.number().int(),
  emittedTypes: z.number().int(),
  /** Anomalous events of the incident (pending ones included). */
  count: z.number().int().nonnegative().default(0),
  /** Event time last counted in `count` (an event with several signals counts once). */
  countedTs: z.number().default(-1),
  /** Event time of the last emission of the open incident. */
  lastEmit: z.number().default(0),
  /** Start of the incident resolved last, while a new anomaly within the dedup window would reopen it; else -1. */
  prevStart: z.number().default(-1),
});
export type AlertTrack = z.infer<typeof AlertTrack>;

export const newTrack = (hint: string | null): AlertTrack => ({
  hint,
  lastFired: {},
  hits: [],
  groupStart: -1,
  lastAnomaly: 0,
  emittedSeverity: -1,
  emittedTypes: 0,
  count: 0,
  countedTs: -1,
  lastEmit: 0,
  prevStart: -1,
});

/** Signals that are different views of the same evidence combine as one, with diminishing returns. */
const FAMILY: Partial<Record<SignalType, string>> = {
  impossible_travel: 'travel',
  concurrent_geo: 'travel',
  new_country: 'country',
  rare_country: 'country',
  // somewhere new: a new network usually comes with a new country (travel, foreign Wi-Fi)
  new_network: 'country',
  new_endpoint: 'endpoint',
  sensitive_endpoint: 'endpoint',
  // walking an id space is also a burst of requests
  volume_spike: 'burst',
  enumeration: 'burst',
};

/** Noisy-OR over families; inside a family the strongest counts fully and each further one a quarter. */
export function combineScores(hits: ReadonlyArray<{ type: SignalType; score: number }>): number {
  const families = new Map<string, number[]>();
  for (const h of hits) {
    const key = FAMILY[h.type] ?? h.type;
    const list = families.get(key);
    if (list) list.push(h.score);
    else families.set(key, [h.score]);
  }
  let keep = 1;
  for (const scores of families.values()) {
    scores.sort((a, b) => b - a);
    let s = scores[0] ?? 0;
    for (let i = 1; i < scores.length; i++) s += FAMILY_FURTHER_WEIGHT * scores[i]!;
    keep *= 1 - Math.min(1, s);
  }
  return Math.round((1 - keep) * 1000) / 1000;
}
