import type { Alert, Severity } from '@tokenwatch/contracts';
import { fingerprintCredential } from '@tokenwatch/formats';
import type { LabelEpisode, LabelsFile } from '../labels/labels.schema';

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface EvaluationOptions {
  /** The fingerprint key the alerts were produced with. */
  key: string | Uint8Array;
  minSeverity: Severity;
  /** An alert this long after an episode's end still counts for it; default 5 minutes. */
  graceMs?: number;
}

export interface ScenarioResult {
  scenario: string;
  label: 'attack' | 'benign';
  episodes: number;
  /** Attack episodes with at least one alert in [start, end + grace]; benign episodes flagged likewise. */
  detected: number;
  /** detected / episodes (for benign scenarios: the share wrongly flagged). */
  rate: number;
  /** Event-time delay from the episode's start to its first alert, over detected episodes. */
  medianLatencySec: number | null;
  maxLatencySec: number | null;
  /** Alerts inside the scenario's episodes (true positives for attacks, false alarms for look-alikes). */
  alerts: number;
  /** Signal types of those alerts. */
  signals: string[];
  expectedSignals: string[];
}

export interface EvaluationReport {
  minSeverity: Severity;
  graceMs: number;
  tokenDays: number;
  scenarios: ScenarioResult[];
  totals: {
    attackEpisodes: number;
    detected: number;
    recall: number;
    medianLatencySec: number | null;
    p90LatencySec: number | null;
    /** Firing alerts at or above the minimum severity. */
    alerts: number;
    truePositiveAlerts: number;
    /** Alerts outside every attack episode (including those inside benign look-alikes). */
    falseAlarms: number;
    falseAlarmsPer1kTokenDays: number;
    /**
     * The same over the evaluated part only, after `meta.learningEnd` (when the labels give it):
     * every simulated token starts without history, so the learning time is a cold start for all.
     */
    afterLearning: { falseAlarms: number; tokenDays: number; falseAlarmsPer1kTokenDays: number } | null;
    /** truePositiveAlerts / alerts; null without alerts. */
    precision: number | null;
    /** Alert lines that were not valid Alert v1, or below the severity, or resolved (not counted). */
    ignoredAlerts: number;
  };
}

interface EpisodeState {
  episode: LabelEpisode;
  firstAlert: number | null;
  alerts: number;
  signals: Set<string>;
}

/** Scores alerts against labels. Feed alerts in any order with `add`, then call `report`. */
export class Evaluation {
  private readonly byFp = new Map<string, EpisodeState[]>();
  private readonly states: EpisodeState[] = [];
  private readonly graceMs: number;
  private readonly minRank: number;
  private alerts = 0;
  private truePositives = 0;
  private ignored = 0;
  private falseAlarmsAfterLearning = 0;

  constructor(
    private readonly labels: LabelsFile,
    private readonly options: EvaluationOptions,
  ) {
    this.graceMs = options.graceMs ?? 5 * 60_000;
    this.minRank = SEVERITY_ORDER.indexOf(options.minSeverity);
    for (const episode of labels.episodes) {
      const fp = fingerprintCredential(options.key, episode.tokenKind, episode.token);
      const state: EpisodeState = { episode, firstAlert: null, alerts: 0, signals: new Set() };
      this.states.push(state);
      this.byFp.set(fp, [...(this.byFp.get(fp) ?? []), state]);
    }
  }

  /** Counts one alert; `undefined` stands for a line that was not a valid alert. */
  add(alert: Alert | undefined): void {
    if (!alert || alert.state !== 'firing' || SEVERITY_ORDER.indexOf(alert.severity) < this.minRank) {
      this.ignored += 1;
      return;
    }
    this.alerts += 1;
    const within = (this.byFp.get(alert.token.fp) ?? []).filter((s) => alert.ts >= s.episode.start && alert.ts <= s.episode.end + this.graceMs);
    const attacks = within.filter((s) => s.episode.label === 'attack');
    if (attacks.length > 0) this.truePositives += 1;
    else if (this.labels.meta.learningEnd !== undefined && alert.ts >= this.labels.meta.learningEnd) this.falseAlarmsAfterLearning += 1;
    // An alert inside an attack is a true positive; inside a look-alike only (and no attack) a false alarm of it.
    for (const state of attacks.length > 0 ? attacks : within) {
      state.alerts += 1;
      if (state.firstAlert === null || alert.ts < state.firstAlert) state.firstAlert = alert.ts;
      for (const signal of alert.signals) state.signals.add(signal.type);
    }
  }

  private afterLearning(): EvaluationReport['totals']['afterLearning'] {
    const { learningEnd, end, tokens } = this.labels.meta;
    if (learningEnd === undefined) return null;
    const tokenDays = (tokens * Math.max(0, end - learningEnd)) / 86_400_000;
    return { falseAlarms: this.falseAlarmsAfterLearning, tokenDays, falseAlarmsPer1kTokenDays: per1k(this.falseAlarmsAfterLearning, tokenDays) };
  }

  report(): EvaluationReport {
    const tokenDays = this.labels.meta.tokens * this.labels.meta.days;
    const scenarios = [...groupBy(this.states, (s) => s.episode.scenario).entries()].map(([scenario, states]) => scenarioResult(scenario, states));
    const attackStates = this.states.filter((s) => s.episode.label === 'attack');
    const latencies = latenciesOf(attackStates);
    const falseAlarms = this.alerts - this.truePositives;
    return {
      minSeverity: this.options.minSeverity,
      graceMs: this.graceMs,
      tokenDays,
      scenarios,
      totals: {
        attackEpisodes: attackStates.length,
        detected: latencies.length,
        recall: attackStates.length === 0 ? 0 : latencies.length / attackStates.length,
        medianLatencySec: quantile(latencies, 0.5),
        p90LatencySec: quantile(latencies, 0.9),
        alerts: this.alerts,
        truePositiveAlerts: this.truePositives,
        falseAlarms,
        falseAlarmsPer1kTokenDays: per1k(falseAlarms, tokenDays),
        afterLearning: this.afterLearning(),
        precision: this.alerts === 0 ? null : this.truePositives / this.alerts,
        ignoredAlerts: this.ignored,
      },
    };
  }
}

const per1k = (count: number, tokenDays: number): number => (tokenDays > 0 ? (count * 1000) / tokenDays : 0);

function scenarioResult(scenario: string, states: EpisodeState[]): ScenarioResult {
  const first = states[0]!.episode;
  const latencies = latenciesOf(states);
  return {
    scenario,
    label: first.label,
    episodes: states.length,
    detected: latencies.length,
    rate: latencies.length / states.length,
    medianLatencySec: quantile(latencies, 0.5),
    maxLatencySec: latencies.length === 0 ? null : Math.max(...latencies),
    alerts: states.reduce((sum, s) => sum + s.alerts, 0),
    signals: [...new Set(states.flatMap((s) => [...s.signals]))].sort(),
    expectedSignals: [...first.expectedSignals],
  };
}

function latenciesOf(states: EpisodeState[]): number[] {
  return states.filter((s) => s.firstAlert !== null).map((s) => (s.firstAlert! - s.episode.start) / 1000);
}

/** Nearest-rank quantile of seconds; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
