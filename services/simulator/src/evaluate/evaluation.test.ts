import { describe, expect, it } from 'vitest';
import type { Alert, Severity } from '@tokenwatch/contracts';
import { fingerprintCredential } from '@tokenwatch/formats';
import { labelEpisode } from '../labels/label-episode.fixture';
import type { LabelsFile } from '../labels/labels.schema';
import { Evaluation, quantile } from './evaluation';
import { formatEvaluationTable } from './evaluation.table';

const KEY = 'evaluation-test-key';
const fp = (token: string) => fingerprintCredential(KEY, 'api_key', token);

const labels: LabelsFile = {
  version: 1,
  meta: { tokens: 10, days: 2, start: 0, end: 2 * 86_400_000, seed: 't', learningEnd: 2_000_000 },
  episodes: [
    labelEpisode('leaked#1', 'attack', 'tokA', 1_000_000, 2_000_000, ['new_country']),
    labelEpisode('leaked#2', 'attack', 'tokB', 5_000_000, 6_000_000, ['new_country']),
    labelEpisode('probe#1', 'attack', 'tokC', 10_000_000, 10_100_000, ['auth_failures']),
    labelEpisode('travel#1', 'benign', 'tokD', 20_000_000, 30_000_000),
  ],
};

const alert = (token: string, ts: number, severity: Severity, state: 'firing' | 'resolved' = 'firing'): Alert => ({
  id: `${token}-${ts}`,
  ts,
  token: { fp: fp(token), hint: null },
  severity,
  score: 0.7,
  signals: [{ type: 'new_country', score: 0.7, observed: 'RU', expected: ['US'], detail: 'first use from RU' }],
  summary: 's',
  window: { start: ts - 60_000, end: ts },
  state,
});

describe('Evaluation', () => {
  const evaluation = new Evaluation(labels, { key: KEY, minSeverity: 'medium', graceMs: 300_000 });
  [
    alert('tokA', 1_030_000, 'medium'), // inside leaked#1: 30 s
    alert('tokA', 1_500_000, 'high'), // inside leaked#1 again
    alert('tokB', 6_200_000, 'medium'), // 200 s after leaked#2 ended, within the 300 s grace: 1,200 s
    alert('tokC', 10_050_000, 'low'), // below the minimum severity: ignored, probe#1 missed
    alert('tokD', 25_000_000, 'medium'), // inside the benign look-alike: a false alarm
    alert('tokE', 1_000, 'critical'), // a token without episodes: a false alarm
    alert('tokA', 3_000_000, 'medium'), // after leaked#1 + grace: a false alarm
    alert('tokA', 1_600_000, 'high', 'resolved'), // resolved: ignored
    undefined, // a line that was not an Alert
  ].forEach((a) => evaluation.add(a));
  const report = evaluation.report();

  it('computes recall, latency, false alarms per 1,000 token-days and precision', () => {
    expect(report.tokenDays).toBe(20);
    const afterTokenDays = (10 * (2 * 86_400_000 - 2_000_000)) / 86_400_000;
    expect(report.totals).toEqual({
      attackEpisodes: 3,
      detected: 2,
      recall: 2 / 3,
      medianLatencySec: 30,
      p90LatencySec: 1200,
      alerts: 6,
      distinctAlerts: 6,
      alertsPerTokenDay: 6 / 20,
      truePositiveAlerts: 3,
      falseAlarms: 3,
      falseAlarmsPer1kTokenDays: 150,
      precision: 0.5,
      ignoredAlerts: 3,
      // leaked#1 has two alert ids, leaked#2 one, probe#1 none (its only alert is below the severity)
      alertsPerAttackEpisode: { mean: 1.5, max: 2 },
      // learningEnd at 2,000,000 ms: of the three false alarms, those at 3,000,000 and 25,000,000 come after it
      afterLearning: {
        falseAlarms: 2,
        distinctFalseAlarms: 2,
        tokenDays: afterTokenDays,
        falseAlarmsPer1kTokenDays: 2000 / afterTokenDays,
        bySignal: { new_country: 2 },
        byPersona: null,
      },
    });
  });

  it('reports per scenario, benign look-alikes as flagged episodes', () => {
    const byName = Object.fromEntries(report.scenarios.map((s) => [s.scenario, s]));
    expect(byName['leaked']).toMatchObject({
      label: 'attack',
      episodes: 2,
      detected: 2,
      rate: 1,
      medianLatencySec: 30,
      maxLatencySec: 1200,
      alerts: 3,
      signals: ['new_country'],
    });
    expect(byName['probe']).toMatchObject({ episodes: 1, detected: 0, rate: 0, medianLatencySec: null, alerts: 0 });
    expect(byName['travel']).toMatchObject({ label: 'benign', episodes: 1, detected: 1, rate: 1, alerts: 1 });
  });

  it('prints a table with the totals', () => {
    const table = formatEvaluationTable(report);
    expect(table).toContain('leaked');
    expect(table).toContain('recall 67% (2/3 attack episodes)');
    expect(table).toContain('150.00 per 1,000 token-days');
  });

  it('counts distinct alert ids whose window overlaps an episode, so an updated alert is one incident', () => {
    const e = new Evaluation(labels, { key: KEY, minSeverity: 'medium', graceMs: 300_000 });
    const first = alert('tokA', 1_100_000, 'medium');
    e.add(first);
    e.add({ ...first, ts: 1_400_000, severity: 'high', window: { start: first.window.start, end: 1_400_000 } }); // the same alert, updated
    e.add({ ...alert('tokA', 990_000, 'medium'), window: { start: 900_000, end: 990_000 } }); // ends before the episode: not its alert
    e.add({ ...alert('tokA', 2_400_000, 'medium'), window: { start: 2_250_000, end: 2_400_000 } }); // starts within the grace: counts
    e.add(alert('tokB', 5_500_000, 'high'));
    const r = e.report();
    const results = Object.fromEntries(r.scenarios.flatMap((s) => s.episodeResults).map((ep) => [ep.id, ep]));
    expect(results['leaked#1']).toEqual({ id: 'leaked#1', latencySec: 100, alertIds: 2 });
    expect(results['leaked#2']).toEqual({ id: 'leaked#2', latencySec: 500, alertIds: 1 });
    expect(results['probe#1']).toEqual({ id: 'probe#1', latencySec: null, alertIds: 0 });
    expect(r.scenarios.find((s) => s.scenario === 'leaked')!.alertsPerEpisode).toEqual({ mean: 1.5, max: 2 });
    expect(r.totals.alertsPerAttackEpisode).toEqual({ mean: 1.5, max: 2 });
    expect(r.totals).toMatchObject({ alerts: 5, distinctAlerts: 4 });
  });

  it("counts an update sent after the episode, of an incident that began during it, as that episode's alert", () => {
    const e = new Evaluation(labels, { key: KEY, minSeverity: 'medium', graceMs: 300_000 });
    const first = alert('tokA', 1_100_000, 'medium');
    e.add(first);
    e.add({ ...first, ts: 3_000_000, window: { start: first.window.start, end: 3_000_000 } }); // the incident, updated late
    e.add({ ...alert('tokA', 3_100_000, 'medium'), window: { start: 3_000_000, end: 3_100_000 } }); // a new incident after the grace
    expect(e.report().totals).toMatchObject({ alerts: 3, truePositiveAlerts: 2, falseAlarms: 1 });
  });

  it('breaks false alarms after learning down by signal type and by the persona of the token', () => {
    const tokens = ['tokA', 'tokB', 'tokC', 'tokD', 'tokE'].map((token, i) => ({
      token,
      tokenKind: 'api_key' as const,
      persona: i < 2 ? 'service' : 'mobile',
    }));
    const e = new Evaluation(labels, { key: KEY, minSeverity: 'medium', tokens });
    const travel = { type: 'impossible_travel' as const, score: 0.8, observed: 'x', expected: 'y', detail: 'd' };
    e.add({ ...alert('tokE', 40_000_000, 'high'), signals: [travel, alert('tokE', 0, 'low').signals[0]!, travel] });
    e.add(alert('tokA', 50_000_000, 'medium'));
    e.add(alert('tokZ', 60_000_000, 'medium')); // a token not in the list
    const after = e.report().totals.afterLearning!;
    expect(after.bySignal).toEqual({ impossible_travel: 1, new_country: 3 });
    const perToken = (2 * 86_400_000 - 2_000_000) / 86_400_000;
    expect(after.byPersona).toEqual({
      mobile: { falseAlarms: 1, tokenDays: 3 * perToken, falseAlarmsPer1kTokenDays: 1000 / (3 * perToken) },
      service: { falseAlarms: 1, tokenDays: 2 * perToken, falseAlarmsPer1kTokenDays: 1000 / (2 * perToken) },
      unknown: { falseAlarms: 1, tokenDays: 0, falseAlarmsPer1kTokenDays: 0 },
    });
  });

  it('counts lower severities when asked', () => {
    const low = new Evaluation(labels, { key: KEY, minSeverity: 'low' });
    low.add(alert('tokC', 10_050_000, 'low'));
    expect(low.report().totals).toMatchObject({ detected: 1, falseAlarms: 0, precision: 1 });
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.9)).toBe(4);
  });
});
