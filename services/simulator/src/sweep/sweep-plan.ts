import type { Severity } from '@tokenwatch/contracts';
import { drawStart, type DstChangeName } from './start-dates';

/** Tuning seeds are for adjusting the detector; held-out seeds are what the README reports. */
export const SWEEP_SETS = ['tune', 'hold'] as const;
export type SweepSet = (typeof SWEEP_SETS)[number];

export const SWEEP_DEFAULTS = { seeds: 20, tokens: 500, days: 14, workers: 2, format: 'kong', minSeverity: 'medium' } as const;
/** `--quick`, for development: small enough for a minute or two. */
export const SWEEP_QUICK = { seeds: 4, tokens: 100, days: 7 } as const;

export interface SweepOptions {
  sets: readonly SweepSet[];
  /** Seeds per set. */
  seeds: number;
  tokens: number;
  days: number;
  format: string;
  minSeverity: Severity;
}

export interface SweepRunSpec {
  /** The seed, which names the run. */
  seed: string;
  set: SweepSet;
  /** Epoch ms. */
  start: number;
  dstChange: DstChangeName | null;
  tokens: number;
  days: number;
  format: string;
  minSeverity: Severity;
}

/** The fixed seed list of a set: `tune-01`, `tune-02`, … (two digits at least). */
export function sweepSeeds(set: SweepSet, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${set}-${String(i + 1).padStart(2, '0')}`);
}

export function planSweep(options: SweepOptions): SweepRunSpec[] {
  return options.sets.flatMap((set) =>
    sweepSeeds(set, options.seeds).map((seed) => ({
      seed,
      set,
      ...drawStart(seed, options.days),
      tokens: options.tokens,
      days: options.days,
      format: options.format,
      minSeverity: options.minSeverity,
    })),
  );
}
