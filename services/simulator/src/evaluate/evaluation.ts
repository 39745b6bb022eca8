import type { Alert, Severity, TokenKind } from '@tokenwatch/contracts';
import { fingerprintCredential } from '@tokenwatch/formats';
import type { LabelEpisode, LabelsFile } from '../labels/labels.schema';

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface EvaluationOptions {
  /** The fingerprint key the alerts were produced with. */
  key: string | Uint8Array;
  minSeverity: Severity;
  /** An alert this long after an episode's end still counts for it; default 5 minutes. */
  graceMs?: number;
  /** Every token of the run with its persona, to break false alarms down by persona; optional. */
  tokens?: ReadonlyArray<{ token: string; tokenKind: TokenKind; persona: string }>;
}

/** Distinct alert ids per episode: mean over the episodes that have at least one, max over all. */
export interface AlertsPerEpisode {
  mean: number | null;
  max: number;
}

export interface EpisodeResult {
  id: string;
  /** First alert's ts minus the episode's start, event time; null when missed. */
  latencySec: number | null;
  /** Distinct ids of counted alerts on the episode's token whose window overlaps [start, end + grace]. */
  alertIds: number;
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
  /** One incident per episode is the goal: an alert that updates keeps its id. */
  alertsPerEpisode: AlertsPerEpisode;
  episodeResults: EpisodeResult[];
}

export interface AfterLearning {
  falseAlarms: number;
  tokenDays: number;
  falseAlarmsPer1kTokenDays: number;
  /** The same false alarms counted once per alert id (an update of an alert emits its id again). */
  distinctFalseAlarms: number;
  /** False alarms containing each signal type (an alert with two signal types counts for both). */
  bySignal: Record<string, number>;
  /** False alarms per persona of the alerted token, with that persona's token-days; null without `tokens`. */
  byPersona: Record<string, { falseAlarms: number; tokenDays: number; falseAlarmsPer1kTokenDays: number }> | null;
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
    /** The same counted once per alert id. */
    distinctAlerts: number;
    /** distinctAlerts / token-days. */
    alertsPerTokenDay: number;
    /** Over attack episodes, as in ScenarioResult. */
    alertsPerAttackEpisode: AlertsPerEpisode;
    truePositiveAlerts: number;
    /** Alerts outside every attack episode (including those inside benign look-alikes). */
    falseAlarms: number;
    falseAlarmsPer1kTokenDays: number;
    /**
     * The same over the evaluated part only, after `meta.learningEnd` (when the labels give it):
     * every simulated token starts without history, so the learning time is a cold start for all.
     */
    afterLearning: AfterLearning | null;
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
  alertIds: Set<string>;
}

/** Whether an alert's window [start, end] overlaps [from, to]. */
export const windowOverlaps = (window: { start: number; end: number }, from: number, to: number): boolean => window.start <= to && window.end >= from;

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
  private readonly alertIds = new Set<string>();
  private readonly falseAlarmIdsAfterLearning = new Set<string>();
  private readonly falseAlarmsBySignal = new Map<string, number>();
  private readonly personaByFp = new Map<string, string>();
  private readonly falseAlarmsByPersona = new Map<string, number>();

  constructor(
    private readonly labels: LabelsFile,
    private readonly options: EvaluationOptions,
  ) {
    this.graceMs = options.graceMs ?? 5 * 60_000;
    this.minRank = SEVERITY_ORDER.indexOf(options.minSeverity);
    for (const episode of labels.episodes) {
      const fp = fingerprintCredential(options.key, episode.tokenKind, episode.token);
      const state: EpisodeState = { episode, firstAlert: null, alerts: 0, signals: new Set(), alertIds: new Set() };
      this.states.push(state);
      this.byFp.set(fp, [...(this.byFp.get(fp) ?? []), state]);
    }
    for (const t of options.tokens ?? []) this.personaByFp.set(fingerprintCredential(options.key, t.tokenKind, t.token), t.persona);
  }

  /** Counts one alert; `undefined` stands for a line that was not a valid alert. */
  add(alert: Alert | undefined): void {
    if (!alert || alert.state !== 'firing' || SEVERITY_ORDER.indexOf(alert.severity) < this.minRank) {
      this.ignored += 1;
      return;
    }
    this.alerts += 1;
    this.alertIds.add(alert.id);
    const states = this.byFp.get(alert.token.fp) ?? [];
    for (const s of states) if (windowOverlaps(alert.window, s.episode.start, s.episode.end + this.graceMs)) s.alertIds.add(alert.id);
    // an alert belongs to an episode when it is sent during it, or is a later update of an incident
    // that began during it (one incident per episode: its updates are not new alarms)
    const during = (t: number, s: EpisodeState) => t >= s.episode.start && t <= s.episode.end + this.graceMs;
    const within = states.filter((s) => during(alert.ts, s) || during(alert.window.start, s));
    const attacks = within.filter((s) => s.episode.label === 'attack');
    if (attacks.length > 0) this.truePositives += 1;
    else if (this.labels.meta.learningEnd !== undefined && alert.ts >= this.labels.meta.learningEnd) this.countFalseAlarmAfterLearning(alert);
    // An alert inside an attack is a true positive; inside a look-alike only (and no attack) a false alarm of it.
    for (const state of attacks.length > 0 ? attacks : within) {
      state.alerts += 1;
      if (state.firstAlert === null || alert.ts < state.firstAlert) state.firstAlert = alert.ts;
      for (const signal of alert.signals) state.signals.add(signal.type);
    }
  }

  private countFalseAlarmAfterLearning(alert: Alert): void {
    this.falseAlarmsAfterLearning += 1;
    this.falseAlarmIdsAfterLearning.add(alert.id);
    for (const type of new Set(alert.signals.map((signal) => signal.type))) increment(this.falseAlarmsBySignal, type);
    if (this.personaByFp.size > 0) increment(this.falseAlarmsByPersona, this.personaByFp.get(alert.token.fp) ?? 'unknown');
  }

  private afterLearning(): AfterLearning | null {
    const { learningEnd, end, tokens } = this.labels.meta;
    if (learningEnd === undefined) return null;
    const daysPerToken = Math.max(0, end - learningEnd) / 86_400_000;
    const tokenDays = tokens * daysPerToken;
    return {
      falseAlarms: this.falseAlarmsAfterLearning,
      tokenDays,
      falseAlarmsPer1kTokenDays: per1k(this.falseAlarmsAfterLearning, tokenDays),
      distinctFalseAlarms: this.falseAlarmIdsAfterLearning.size,
      bySignal: Object.fromEntries([...this.falseAlarmsBySignal].sort(([a], [b]) => a.localeCompare(b))),
      byPersona: this.personaByFp.size === 0 ? null : this.byPersona(daysPerToken),
    };
  }

  private byPersona(daysPerToken: number): AfterLearning['byPersona'] {
    const tokensOf = new Map<string, number>();
    for (const persona of this.personaByFp.values()) increment(tokensOf, persona);
    for (const persona of this.falseAlarmsByPersona.keys()) if (!tokensOf.has(persona)) tokensOf.set(persona, 0);
    return Object.fromEntries(
      [...tokensOf]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([persona, count]) => {
          const falseAlarms = this.falseAlarmsByPersona.get(persona) ?? 0;
          const tokenDays = count * daysPerToken;
          return [persona, { falseAlarms, tokenDays, falseAlarmsPer1kTokenDays: per1k(falseAlarms, tokenDays) }];
        }),
    );
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
        distinctAlerts: this.alertIds.size,
        alertsPerTokenDay: tokenDays > 0 ? this.alertIds.size / tokenDays : 0,
        alertsPerAttackEpisode: alertsPerEpisode(attackStates),
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
    alertsPerEpisode: alertsPerEpisode(states),
    episodeResults: states.map((s) => ({
      id: s.episode.id,
      latencySec: s.firstAlert === null ? null : (s.firstAlert - s.episode.start) / 1000,
      alertIds: s.alertIds.size,
    })),
  };
}

const alertsPerEpisode = (states: readonly EpisodeState[]): AlertsPerEpisode => alertsPerEpisodeOf(states.map((s) => s.alertIds.size));

/** From alert-id counts of episodes: the mean over those with at least one (a miss is recall's business), the max over all. */
export function alertsPerEpisodeOf(counts: readonly number[]): AlertsPerEpisode {
  const alerted = counts.filter((n) => n > 0);
  return { mean: alerted.length === 0 ? null : alerted.reduce((a, b) => a + b, 0) / alerted.length, max: Math.max(0, ...counts) };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
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
