import { quantile } from '../evaluate/evaluation';

/** Statistics over runs; each is null for no values. Quantiles are nearest-rank, as in the evaluation. */
export const minimum = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.min(...values));
export const maximum = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.max(...values));
export const median = (values: readonly number[]): number | null => quantile(values, 0.5);
export const percentile = (values: readonly number[], p: number): number | null => quantile(values, p / 100);
export const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** Adds each record's counts into `into`. */
export function sumCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): Record<string, number> {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
  return into;
}
