import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Alert } from '@tokenwatch/contracts';
import { UsageError } from '../cli-error';
import { evaluateCommand } from './evaluate.command';
import { replayCommand } from './replay.command';
import { simulateCommand } from './simulate.command';
import { loadConfig } from '../config/load-config';

const dir = mkdtempSync(join(tmpdir(), 'tw-replay-'));
const file = (name: string) => join(dir, name);

describe('tokenwatch replay over simulated traffic, then evaluate', () => {
  beforeAll(async () => {
    process.env['TOKENWATCH_FINGERPRINT_KEY'] = 'replay-test-key-0123456789abcdef0123456789';
    process.env['TOKENWATCH_HOME'] = file('home');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await simulateCommand(
      ['--tokens', '40', '--days', '2', '--seed', 'replay-test', '--out', file('traffic.jsonl'), '--labels', file('labels.json')],
      loadConfig(process.env),
    );
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes valid Alert v1 lines, and the auth-failure probing episode is caught', async () => {
    expect(await replayCommand(['--format', 'kong', file('traffic.jsonl'), '--alerts', file('alerts.ndjson')], loadConfig(process.env))).toBe(0);
    const lines = readFileSync(file('alerts.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(Alert.safeParse(JSON.parse(line)).success).toBe(true);

    expect(
      await evaluateCommand(['--alerts', file('alerts.ndjson'), '--labels', file('labels.json'), '--out', file('report.json')], loadConfig(process.env)),
    ).toBe(0);
    const report = JSON.parse(readFileSync(file('report.json'), 'utf8'));
    const probing = report.scenarios.find((s: { scenario: string }) => s.scenario === 'auth-failure-probing');
    expect(probing).toMatchObject({ label: 'attack', episodes: 1, detected: 1 });
    expect(probing.medianLatencySec).toBeLessThan(120);
    expect(report.totals.truePositiveAlerts).toBeGreaterThan(0);
  });

  it('fingerprints with the key from the environment: another key matches no episode', async () => {
    await evaluateCommand(
      ['--alerts', file('alerts.ndjson'), '--labels', file('labels.json'), '--key', 'some-other-key', '--out', file('wrong-key.json')],
      loadConfig(process.env),
    );
    expect(JSON.parse(readFileSync(file('wrong-key.json'), 'utf8')).totals.detected).toBe(0);
  });

  it.each([
    [[file('traffic.jsonl')]],
    [['--format', 'tyk', file('traffic.jsonl')]],
    [['--format', 'kong', 'a', 'b']],
    [['--format', 'kong', '--reorder-window', '-1']],
  ])('rejects a wrong command line %j as a usage error', async (args) => {
    await expect(replayCommand(args, loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
  });

  it('rejects evaluate without its files as a usage error', async () => {
    await expect(evaluateCommand(['--alerts', file('alerts.ndjson')], loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
    await expect(evaluateCommand(['--alerts', 'a', '--labels', 'b', '--min-severity', 'severe'], loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
  });
});
