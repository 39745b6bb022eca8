import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluationReport, SweepReport } from '@tokenwatch/simulator';
import { UsageError } from '../cli-error';
import { evalSweepCommand } from './eval-sweep.command';
import { evaluateCommand } from './evaluate.command';
import { replayCommand } from './replay.command';
import { simulateCommand } from './simulate.command';
import { loadConfig } from '../config/load-config';

const dir = mkdtempSync(join(tmpdir(), 'tw-sweep-'));
const file = (name: string) => join(dir, name);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(file(name), 'utf8')) as T;

describe('tokenwatch eval-sweep, 2 held-out seeds × 30 tokens × 3 days on 2 worker processes', () => {
  let code: number;
  let report: SweepReport;
  let stdout = '';

  beforeAll(async () => {
    process.env['TOKENWATCH_FINGERPRINT_KEY'] = 'sweep-test-key-0123456789abcdef0123456789';
    process.env['TOKENWATCH_HOME'] = file('home');
    delete process.env['TOKENWATCH_DETECTOR_CONFIG'];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    code = await evalSweepCommand(
      ['--set', 'hold', '--seeds', '2', '--tokens', '30', '--days', '3', '--workers', '2', '--out', file('sweep')],
      loadConfig(process.env),
    );
    report = readJson<SweepReport>('sweep/sweep.json');
  }, 120_000);
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs both seeds and reports the held-out set alone', () => {
    expect(code).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.runs.map((r) => r.seed)).toEqual(['hold-01', 'hold-02']);
    expect(report.sets.map((s) => s.set)).toEqual(['hold']);
    expect(report.options).toMatchObject({ sets: ['hold'], seeds: 2, tokens: 30, days: 3, workers: 2, format: 'kong', minSeverity: 'medium' });
    expect(stdout).toContain('held-out set (hold-01 … hold-02): 2 runs');
  });

  it('summarizes what the per-run reports say', () => {
    const set = report.sets[0]!;
    const perRun = ['hold-01', 'hold-02'].map((seed) => readJson<EvaluationReport & { events: number }>(`sweep/runs/${seed}.json`));
    expect(set.events).toBe(perRun[0]!.events + perRun[1]!.events);
    const fa = perRun.map((r) => r.totals.afterLearning!.falseAlarmsPer1kTokenDays);
    expect(set.falseAlarmsPer1kTokenDays.max).toBe(Math.max(...fa));
    expect(set.falseAlarmsPer1kTokenDays.p95).toBe(Math.max(...fa)); // nearest rank of 2 values
    for (const scenario of set.scenarios) {
      const results = perRun.flatMap((r) => r.scenarios.filter((s) => s.scenario === scenario.scenario));
      expect(scenario.runs).toBe(results.length);
      expect(scenario.detected).toBe(results.reduce((n, s) => n + s.detected, 0));
      expect(scenario.minRate).toBe(Math.min(...results.map((s) => s.rate)));
      expect(scenario.maxRate).toBe(Math.max(...results.map((s) => s.rate)));
    }
    const attackEpisodes = perRun.reduce((n, r) => n + r.totals.attackEpisodes, 0);
    expect(attackEpisodes).toBeGreaterThan(10);
    expect(set.targets).toHaveLength(4);
    const latency = set.targets.find((t) => t.name.startsWith('median detection latency'))!;
    expect(latency.met).toBe(set.latencySec.median! <= 60);
  });

  it('gives for a run what simulate → replay → evaluate give for its seed and start', async () => {
    const run = report.runs[0]!;
    const start = new Date(run.start).toISOString();
    await simulateCommand(
      ['--tokens', '30', '--days', '3', '--seed', run.seed, '--start', start, '--out', file('traffic.jsonl'), '--labels', file('labels.json')],
      loadConfig(process.env),
    );
    await replayCommand(['--format', 'kong', file('traffic.jsonl'), '--alerts', file('alerts.ndjson')], loadConfig(process.env));
    await evaluateCommand(['--alerts', file('alerts.ndjson'), '--labels', file('labels.json'), '--out', file('report.json')], loadConfig(process.env));
    const viaFiles = readJson<EvaluationReport>('report.json');
    const inSweep = readJson<EvaluationReport>(`sweep/runs/${run.seed}.json`);
    // evaluate has no persona list: everything else must be the same
    expect(inSweep.totals.afterLearning!.byPersona).not.toBeNull();
    expect({ ...inSweep.totals, afterLearning: { ...inSweep.totals.afterLearning, byPersona: null } }).toEqual(viaFiles.totals);
    expect(inSweep.scenarios).toEqual(viaFiles.scenarios);
  }, 60_000);

  it('explains itself and rejects wrong options as usage errors', async () => {
    stdout = '';
    expect(await evalSweepCommand(['--help'], loadConfig(process.env))).toBe(0);
    expect(stdout).toContain('held out for reporting');
    for (const args of [
      ['--set', 'both'],
      ['--seeds', '0'],
      ['--tokens', '2.5'],
      ['--format', 'tyk'],
      ['--min-severity', 'severe'],
      ['--workers', 'x'],
    ]) {
      await expect(evalSweepCommand(args, loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
    }
  });
});
