import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../cli-error';
import { parseCsv, scoreSeriesCommand } from './score-series.command';

describe('tokenwatch score-series', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-score-series-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes timestamp,value,anomaly_score for every row, the spike scoring highest', async () => {
    const start = Date.UTC(2024, 0, 1) / 1000;
    const lines = ['timestamp,value'];
    for (let i = 0; i < 24 * 14; i++) lines.push(`${start + i * 3600},${i === 300 ? 900 : 100 + ((i * 37) % 21)}`);
    const input = join(dir, 'series.csv');
    const output = join(dir, 'scores.csv');
    await writeFile(input, `${lines.join('\n')}\n`);
    expect(await scoreSeriesCommand([input, '--out', output])).toBe(0);
    const out = (await readFile(output, 'utf8')).trim().split('\n');
    expect(out[0]).toBe('timestamp,value,anomaly_score');
    expect(out).toHaveLength(lines.length);
    const scores = out.slice(1).map((l) => Number(l.split(',')[2]));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(scores.indexOf(Math.max(...scores))).toBe(300);
    const both = join(dir, 'both.csv');
    lines[200] = `${start + 199 * 3600},-400`;
    await writeFile(input, `${lines.join('\n')}\n`);
    expect(await scoreSeriesCommand([input, '--out', both, '--direction', 'both'])).toBe(0);
    expect(Number((await readFile(both, 'utf8')).trim().split('\n')[200]!.split(',')[2])).toBeGreaterThan(0.9);
    expect(out[301]).toMatch(new RegExp(`^${start + 300 * 3600},900,[01]\\.\\d{6}$`));
  });

  it('accepts ISO timestamps and no header; rejects bad rows and options', async () => {
    expect(parseCsv('2024-01-01T00:00:00Z,5\n2024-01-01T01:00:00Z,7\n').rows).toEqual([
      { ts: Date.UTC(2024, 0, 1), value: 5 },
      { ts: Date.UTC(2024, 0, 1, 1), value: 7 },
    ]);
    // NAB's zone-less timestamps are UTC whatever the machine's zone
    expect(parseCsv('timestamp,value\n2015-02-26 21:42:53,104\n2015-02-26T21:47:53.000,100\n').rows).toEqual([
      { ts: Date.UTC(2015, 1, 26, 21, 42, 53), value: 104 },
      { ts: Date.UTC(2015, 1, 26, 21, 47, 53), value: 100 },
    ]);
    expect(() => parseCsv('ts,value\n1,2\nyesterday,3\n')).toThrow(/line 3/);
    expect(() => parseCsv('1,2\n2,many\n')).toThrow(/line 2: "many" is not a number/);
    await expect(scoreSeriesCommand(['--bogus'])).rejects.toBeInstanceOf(UsageError);
    await expect(scoreSeriesCommand(['a.csv', 'b.csv'])).rejects.toBeInstanceOf(UsageError);
    await expect(scoreSeriesCommand(['--direction', 'sideways', 'x.csv'])).rejects.toBeInstanceOf(UsageError);
  });
});
