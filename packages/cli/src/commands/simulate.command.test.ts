import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LabelsFile } from '@tokenwatch/simulator';
import { UsageError } from '../cli-error';
import { simulateCommand } from './simulate.command';
import { loadConfig } from '../config/load-config';

const dir = mkdtempSync(join(tmpdir(), 'tw-simulate-'));
const run = (name: string, extra: string[] = []) =>
  simulateCommand(
    [
      '--tokens',
      '40',
      '--days',
      '3',
      '--seed',
      'cli-test',
      '--format',
      'kong',
      '--out',
      join(dir, `${name}.jsonl`),
      '--labels',
      join(dir, `${name}.labels.json`),
      ...extra,
    ],
    loadConfig(process.env),
  );

describe('tokenwatch simulate', () => {
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes byte-identical files when run twice with the same seed', async () => {
    expect(await run('one')).toBe(0);
    expect(await run('two')).toBe(0);
    expect(readFileSync(join(dir, 'two.jsonl')).equals(readFileSync(join(dir, 'one.jsonl')))).toBe(true);
    expect(readFileSync(join(dir, 'two.labels.json'), 'utf8')).toBe(readFileSync(join(dir, 'one.labels.json'), 'utf8'));
  });

  it('writes a labels file with meta and episodes inside the simulated period', () => {
    const labels = LabelsFile.parse(JSON.parse(readFileSync(join(dir, 'one.labels.json'), 'utf8')));
    expect(labels.meta).toMatchObject({ tokens: 40, days: 3, seed: 'cli-test', format: 'kong', start: Date.parse('2025-03-06T00:00:00Z') });
    expect(labels.episodes.length).toBeGreaterThanOrEqual(15);
    for (const e of labels.episodes) {
      expect(e.start).toBeLessThan(e.end);
      expect(e.start).toBeGreaterThanOrEqual(labels.meta.start);
      expect(e.end).toBeLessThanOrEqual(labels.meta.end);
      expect(e.tokenKind).toBe('credential_id');
    }
    const lines = readFileSync(join(dir, 'one.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5_000);
    expect(JSON.parse(lines[0]!)).toHaveProperty('started_at');
  });

  it.each([
    [['--tokens', '0', '--out', 'x']],
    [['--tokens', '2.5', '--out', 'x']],
    [['--format', 'tyk', '--out', 'x']],
    [['--days', '3']],
    [['--out', 'x', '--kafka']],
    [['--out', 'x', '--rate', '100']],
    [['--out', 'x', '--start', 'yesterday']],
    [['--out', 'x', '--scenarios', 'nope']],
    [['--out', 'x', '--bogus']],
  ])('rejects a wrong command line %j as a usage error', async (args) => {
    await expect(simulateCommand(args, loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
  });
});
