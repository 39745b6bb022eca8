import { describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/contracts';
import { fingerprintCredential } from '@tokenwatch/formats';
import { Evaluation } from '../evaluate/evaluation';
import { labelEpisode } from '../labels/label-episode.fixture';
import type { LabelsFile } from '../labels/labels.schema';
import type { CompletedRun } from './sweep-run';
import { summarizeSet, summarizeSweep } from './sweep-summary';
import { formatSweepTable } from './sweep-table';

const KEY = 'sweep-summary-test-key';
const DAY = 86_400_000;
const labels: LabelsFile = {
  version: 1,
  meta: { tokens: 100, days: 10, start: 0, end: 10 * DAY, seed: 's', learningEnd: 5 * DAY },
  episodes: [
    labelEpisode('leaked#1', 'attack', 'tokA', 6 * DAY, 6 * DAY + 3_600_000, ['new_country']),
    labelEpisode('probe#1', 'attack', 'tokB', 7 * DAY, 7 * DAY + 600_000, ['auth_failures']),
    labelEpisode('travel#1', 'benign', 'tokC', 8 * DAY, 8 * DAY + 3_600_000),
  ],
};

let n = 0;
const alert = (token: string, ts: number, type: 'new_country' | 'impossible_travel' = 'new_country'): Alert => ({
  id: `a${++n}`,
  ts,
  token: { fp: fingerprintCredential(KEY, 'api_key', token), hint: null },
  severity: 'high',
  score: 0.8,
  signals: [{ type, score: 0.8, observed: 'x', expected: 'y', detail: 'd' }],
  summary: 's',
  window: { start: ts, end: ts },
  state: 'firing',
});

/** A run whose leaked episode is caught after `leakedLatencyS`, probe caught or not, with `falseAlarms` mobile false alarms after learning. */
function run(seed: string, leakedLatencyS: number, probeCaught: boolean, falseAlarms: number, leakedAlerts = 1): CompletedRun {
  const tokens = ['tokA', 'tokB', 'tokC', 'tokD'].map((token) => ({
    token,
    tokenKind: 'api_key' as const,
    persona: token === 'tokD' ? 'mobile-user' : 'backend-service',
  }));
  const e = new Evaluation(labels, { key: KEY, minSeverity: 'medium', tokens });
  for (let i = 0; i < leakedAlerts; i++) e.add(alert('tokA', 6 * DAY + leakedLatencyS * 1000 + i));
  if (probeCaught) e.add(alert('tokB', 7 * DAY + 10_000));
  for (let i = 0; i < falseAlarms; i++) e.add(alert('tokD', 9 * DAY + i, 'impossible_travel'));
  const spec = { seed, set: 'hold' as const, start: 0, dstChange: null, tokens: 100, days: 10, format: 'kong', minSeverity: 'medium' as const };
  return { spec, events: 1000, rejected: 0, skipped: [], report: e.report(), seconds: 2 };
}

describe('summarizeSet', () => {
  // 500 token-days after learning per run: one false alarm is 2 per 1,000 token-days
  const runs = [run('hold-01', 0, true, 0), run('hold-02', 30, false, 1), run('hold-03', 60, true, 0, 3), run('hold-04', 120, true, 0)];
  const s = summarizeSet('hold', ['hold-01', 'hold-02', 'hold-03', 'hold-04'], runs, 1);

  it('takes the minimum and median recall per scenario over runs, and names the runs that missed', () => {
    const probe = s.scenarios.find((c) => c.scenario === 'probe')!;
    expect(probe).toMatchObject({ runs: 4, episodes: 4, detected: 3, minRate: 0, medianRate: 1, offRuns: ['hold-02'] });
    expect(s.scenarios.find((c) => c.scenario === 'leaked')).toMatchObject({
      minRate: 1,
      medianRate: 1,
      medianLatencySec: 30,
      p90LatencySec: 120,
      alertsPerEpisode: { mean: 1.5, max: 3 },
    });
    expect(s.scenarios.find((c) => c.scenario === 'travel')).toMatchObject({ label: 'benign', detected: 0, offRuns: [] });
  });

  it('gives the false-alarm distribution after learning and pooled latencies', () => {
    expect(s.falseAlarmsPer1kTokenDays).toEqual({ median: 0, p95: 2, max: 2 });
    // 0, 10, 10, 10, 30, 60, 120 s (leaked 0/30/60/120, probe 10 three times): nearest ranks 4 and 7
    expect(s.latencySec).toEqual({ median: 10, p90: 120 });
    expect(s.alertsPerAttackEpisode).toEqual({ mean: 9 / 7, max: 3 });
    expect(s.falseAlarmsBySignal).toEqual({ impossible_travel: 1 });
    expect(s.falseAlarmsByPersona['mobile-user']).toEqual({ falseAlarms: 1, tokenDays: 4 * 5, falseAlarmsPer1kTokenDays: 50 });
    expect(s).toMatchObject({ runs: 4, failed: 1, events: 4000 });
  });

  it('judges the targets from those numbers', () => {
    expect(s.targets.map((t) => [t.name, t.met])).toEqual([
      ['every attack scenario caught in every run', false],
      ['false alarms per 1,000 token-days after learning, p95', false],
      ['median detection latency (event time)', true],
      ['alerts per attack episode, mean', false],
    ]);
    expect(s.targets[0]!.value).toBe('probe missed in 1/4');
    const clean = summarizeSet('hold', ['hold-01'], [run('hold-01', 5, true, 0)], 0);
    expect(clean.targets.every((t) => t.met === true)).toBe(true);
    expect(summarizeSet('hold', [], [], 0).targets.every((t) => t.met === null)).toBe(true);
  });
});

describe('summarizeSweep and its table', () => {
  it('reports each set on its own, every run, and the failures', () => {
    const tune = { ...run('tune-01', 0, true, 0), spec: { ...run('tune-01', 0, true, 0).spec, set: 'tune' as const } };
    const options = {
      sets: ['tune', 'hold'] as const,
      seeds: 1,
      tokens: 100,
      days: 10,
      format: 'kong',
      minSeverity: 'medium' as const,
      workers: 2,
      detectorConfig: null,
    };
    const report = summarizeSweep(options, [tune, run('hold-01', 0, false, 1)], [{ seed: 'hold-02', start: 0, message: 'boom' }], (set) => [
      `${set}-01`,
      ...(set === 'hold' ? ['hold-02'] : []),
    ]);
    expect(report.sets.map((s) => [s.set, s.runs, s.failed])).toEqual([
      ['tune', 1, 0],
      ['hold', 1, 1],
    ]);
    expect(report.runs.map((r) => [r.seed, r.detected, r.attackEpisodes, r.falseAlarmsPer1kTokenDays])).toEqual([
      ['tune-01', 2, 2, 0],
      ['hold-01', 1, 2, 2],
    ]);
    const text = formatSweepTable(report);
    expect(text).toContain('held-out set (hold-01 … hold-02): 1 runs, 1 FAILED');
    expect(text).toContain('hold-02 (start 1970-01-01): boom');
    expect(text).toMatch(/false alarms per 1,000 token-days after learning, p95\s+<= 1\s+2\.00\s+NOT MET/);
  });
});
