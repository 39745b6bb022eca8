import { alertsPerEpisodeOf, type AlertsPerEpisode, type ScenarioResult } from '../evaluate/evaluation';
import type { SweepOptions, SweepSet } from './sweep-plan';
import type { CompletedRun } from './sweep-run';
import { maximum, median, minimum, percentile, sumCounts } from './sweep-statistics';

/** The goals of issue 12, judged on the held-out set (shown for the tuning set too). */
export const SWEEP_TARGETS = { falseAlarmsPer1kP95: 1, medianLatencySec: 60, alertsPerAttackEpisode: 1.2 } as const;

export interface ScenarioSummary {
  scenario: string;
  label: 'attack' | 'benign';
  /** Runs in which the scenario had an episode. */
  runs: number;
  episodes: number;
  detected: number;
  /** Of the per-run rate: recall for attacks, the share wrongly flagged for benign look-alikes. */
  minRate: number | null;
  medianRate: number | null;
  maxRate: number | null;
  /** Over every detected episode of every run. */
  medianLatencySec: number | null;
  p90LatencySec: number | null;
  alertsPerEpisode: AlertsPerEpisode;
  /** Seeds in which an attack episode was missed, or a look-alike flagged. */
  offRuns: string[];
}

export interface TargetResult {
  name: string;
  target: string;
  value: string;
  /** null when there is nothing to judge (no finished run). */
  met: boolean | null;
}

export interface PersonaFalseAlarms {
  falseAlarms: number;
  tokenDays: number;
  falseAlarmsPer1kTokenDays: number;
}

export interface SetSummary {
  set: SweepSet;
  seeds: string[];
  runs: number;
  failed: number;
  events: number;
  scenarios: ScenarioSummary[];
  /** After the learning time, one value per run. */
  falseAlarmsPer1kTokenDays: { median: number | null; p95: number | null; max: number | null };
  /** The same counting each alert id once (updates of one alert are not new alarms). */
  distinctFalseAlarmsPer1kTokenDays: { median: number | null; p95: number | null; max: number | null };
  /** Over every detected attack episode of every run. */
  latencySec: { median: number | null; p90: number | null };
  alertsPerAttackEpisode: AlertsPerEpisode;
  /** Distinct alert ids per token-day, one value per run. */
  alertsPerTokenDay: { median: number | null; max: number | null };
  /** After learning, summed over runs: false alarms containing each signal type. */
  falseAlarmsBySignal: Record<string, number>;
  falseAlarmsByPersona: Record<string, PersonaFalseAlarms>;
  targets: TargetResult[];
}

export interface RunRow {
  seed: string;
  set: SweepSet;
  start: number;
  dstChange: string | null;
  events: number;
  seconds: number;
  attackEpisodes: number;
  detected: number;
  falseAlarmsPer1kTokenDays: number | null;
  medianLatencySec: number | null;
  alertsPerAttackEpisode: AlertsPerEpisode;
  skipped: string[];
}

export interface SweepFailureRow {
  seed: string;
  start: number;
  message: string;
}

export interface SweepReport {
  options: SweepOptions & { workers: number; detectorConfig: string | null };
  sets: SetSummary[];
  runs: RunRow[];
  failures: SweepFailureRow[];
}

export function summarizeSweep(
  options: SweepReport['options'],
  runs: readonly CompletedRun[],
  failures: readonly SweepFailureRow[],
  seedsOf: (set: SweepSet) => string[],
): SweepReport {
  return {
    options,
    sets: options.sets.map((set) => {
      const seeds = seedsOf(set);
      const seedSet = new Set(seeds);
      return summarizeSet(
        set,
        seeds,
        runs.filter((r) => r.spec.set === set),
        failures.filter((f) => seedSet.has(f.seed)).length,
      );
    }),
    runs: runs.map(runRow),
    failures: [...failures],
  };
}

export function summarizeSet(set: SweepSet, seeds: string[], runs: readonly CompletedRun[], failed: number): SetSummary {
  const after = runs.flatMap((r) => (r.report.totals.afterLearning ? [r.report.totals.afterLearning] : []));
  const perRun = after.map((a) => a.falseAlarmsPer1kTokenDays);
  const distinctPerRun = after.map((a) => (a.tokenDays > 0 ? (a.distinctFalseAlarms * 1000) / a.tokenDays : 0));
  const attackEpisodes = runs.flatMap((r) => r.report.scenarios.filter((s) => s.label === 'attack').flatMap((s) => s.episodeResults));
  const latencies = attackEpisodes.flatMap((e) => (e.latencySec === null ? [] : [e.latencySec]));
  const alertsPerTokenDay = runs.map((r) => r.report.totals.alertsPerTokenDay);
  const scenarios = scenarioSummaries(runs);
  const summary: Omit<SetSummary, 'targets'> = {
    set,
    seeds,
    runs: runs.length,
    failed,
    events: runs.reduce((sum, r) => sum + r.events, 0),
    scenarios,
    falseAlarmsPer1kTokenDays: { median: median(perRun), p95: percentile(perRun, 95), max: maximum(perRun) },
    distinctFalseAlarmsPer1kTokenDays: { median: median(distinctPerRun), p95: percentile(distinctPerRun, 95), max: maximum(distinctPerRun) },
    latencySec: { median: median(latencies), p90: percentile(latencies, 90) },
    alertsPerAttackEpisode: alertsPerEpisodeOf(attackEpisodes.map((e) => e.alertIds)),
    alertsPerTokenDay: { median: median(alertsPerTokenDay), max: maximum(alertsPerTokenDay) },
    falseAlarmsBySignal: after.reduce((into, a) => sumCounts(into, a.bySignal), {} as Record<string, number>),
    falseAlarmsByPersona: personaTotals(after.flatMap((a) => (a.byPersona ? [a.byPersona] : []))),
  };
  return { ...summary, targets: judgeTargets(summary) };
}

function scenarioSummaries(runs: readonly CompletedRun[]): ScenarioSummary[] {
  const byName = new Map<string, Array<{ seed: string; result: ScenarioResult }>>();
  for (const run of runs)
    for (const result of run.report.scenarios) byName.set(result.scenario, [...(byName.get(result.scenario) ?? []), { seed: run.spec.seed, result }]);
  return [...byName.entries()].map(([scenario, entries]) => {
    const label = entries[0]!.result.label;
    const rates = entries.map((e) => e.result.rate);
    const episodes = entries.flatMap((e) => e.result.episodeResults);
    const latencies = episodes.flatMap((e) => (e.latencySec === null ? [] : [e.latencySec]));
    const off = entries.filter((e) => (label === 'attack' ? e.result.detected < e.result.episodes : e.result.detected > 0));
    return {
      scenario,
      label,
      runs: entries.length,
      episodes: episodes.length,
      detected: entries.reduce((sum, e) => sum + e.result.detected, 0),
      minRate: minimum(rates),
      medianRate: median(rates),
      maxRate: maximum(rates),
      medianLatencySec: median(latencies),
      p90LatencySec: percentile(latencies, 90),
      alertsPerEpisode: alertsPerEpisodeOf(episodes.map((e) => e.alertIds)),
      offRuns: off.map((e) => e.seed),
    };
  });
}

function personaTotals(perRun: ReadonlyArray<Record<string, { falseAlarms: number; tokenDays: number }>>): Record<string, PersonaFalseAlarms> {
  const totals: Record<string, PersonaFalseAlarms> = {};
  for (const run of perRun) {
    for (const [persona, { falseAlarms, tokenDays }] of Object.entries(run)) {
      const t = (totals[persona] ??= { falseAlarms: 0, tokenDays: 0, falseAlarmsPer1kTokenDays: 0 });
      t.falseAlarms += falseAlarms;
      t.tokenDays += tokenDays;
      t.falseAlarmsPer1kTokenDays = t.tokenDays > 0 ? (t.falseAlarms * 1000) / t.tokenDays : 0;
    }
  }
  return totals;
}

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

export function judgeTargets(s: Omit<SetSummary, 'targets'>): TargetResult[] {
  const none = s.runs === 0;
  const attacks = s.scenarios.filter((c) => c.label === 'attack');
  const missed = attacks.filter((c) => c.offRuns.length > 0);
  const { falseAlarmsPer1kTokenDays: fa, latencySec, alertsPerAttackEpisode: ape } = s;
  return [
    {
      name: 'every attack scenario caught in every run',
      target: `${attacks.length} scenarios × ${s.runs} runs`,
      value: missed.length === 0 ? 'all caught' : missed.map((c) => `${c.scenario} missed in ${c.offRuns.length}/${c.runs}`).join('; '),
      met: none ? null : missed.length === 0,
    },
    {
      name: 'false alarms per 1,000 token-days after learning, p95',
      target: `<= ${SWEEP_TARGETS.falseAlarmsPer1kP95}`,
      value: fixed(fa.p95, 2),
      met: fa.p95 === null ? null : fa.p95 <= SWEEP_TARGETS.falseAlarmsPer1kP95,
    },
    {
      name: 'median detection latency (event time)',
      target: `<= ${SWEEP_TARGETS.medianLatencySec} s`,
      value: latencySec.median === null ? '-' : `${latencySec.median.toFixed(1)} s`,
      met: latencySec.median === null ? null : latencySec.median <= SWEEP_TARGETS.medianLatencySec,
    },
    {
      name: 'alerts per attack episode, mean',
      target: `<= ${SWEEP_TARGETS.alertsPerAttackEpisode}`,
      value: fixed(ape.mean, 2),
      met: ape.mean === null ? null : ape.mean <= SWEEP_TARGETS.alertsPerAttackEpisode,
    },
  ];
}

function runRow(run: CompletedRun): RunRow {
  const t = run.report.totals;
  return {
    seed: run.spec.seed,
    set: run.spec.set,
    start: run.spec.start,
    dstChange: run.spec.dstChange,
    events: run.events,
    seconds: run.seconds,
    attackEpisodes: t.attackEpisodes,
    detected: t.detected,
    falseAlarmsPer1kTokenDays: t.afterLearning?.falseAlarmsPer1kTokenDays ?? null,
    medianLatencySec: t.medianLatencySec,
    alertsPerAttackEpisode: t.alertsPerAttackEpisode,
    skipped: run.skipped,
  };
}
