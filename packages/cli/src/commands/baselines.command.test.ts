import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertAccessEvents, loadTokenBaselineStates } from '@tokenwatch/clickhouse';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { TokenSnapshot } from '@tokenwatch/detector';
import { dailyCycle, traffic } from '@tokenwatch/detector/testing';
import { UsageError } from '../cli-error';
import { baselinesCommand, parseDuration } from './baselines.command';
import { loadConfig } from '../config/load-config';

const HOUR = 3_600_000;
const busy = 'a'.repeat(32);
const brandNew = 'b'.repeat(32);

describe('tokenwatch baselines', () => {
  let ch: TestClickHouse;
  let out = '';
  beforeAll(async () => {
    ch = await createTestClickHouse();
    process.env['CLICKHOUSE_PATH'] = ch.dataPath;
    process.env['CLICKHOUSE_DATABASE'] = ch.database;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const now = Date.now();
    await insertAccessEvents(ch, [
      ...traffic({ fp: busy, rate: dailyCycle(40) }, now - 3 * 24 * HOUR, now - HOUR, 1),
      ...traffic({ fp: brandNew, rate: () => 30 }, now - 2 * HOUR, now - HOUR, 2),
    ]);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    delete process.env['CLICKHOUSE_PATH'];
    delete process.env['CLICKHOUSE_DATABASE'];
    delete process.env['TOKENWATCH_DETECTOR_CONFIG'];
    await ch?.dispose();
  });

  it('rebuilds every token from stored events; a dry run writes nothing', async () => {
    out = '';
    expect(await baselinesCommand(['rebuild', '--since', '7d', '--dry-run'], loadConfig(process.env))).toBe(0);
    expect(out).toMatch(/computed \(dry run, nothing written\): 2 tokens \(1 past learning\)/);
    expect((await loadTokenBaselineStates(ch, [busy, brandNew])).size).toBe(0);

    out = '';
    expect(await baselinesCommand(['rebuild', '--since', '7d'], loadConfig(process.env))).toBe(0);
    expect(out).toMatch(/rebuilt: 2 tokens \(1 past learning\) from \d+ events/);
    const stored = await loadTokenBaselineStates(ch, [busy, brandNew]);
    const snapshot = TokenSnapshot.parse(JSON.parse(stored.get(busy)!));
    expect(snapshot).toMatchObject({ fp: busy, learning: 'active' });
    expect(snapshot.events).toBeGreaterThan(1_000);

    out = '';
    expect(await baselinesCommand(['status'], loadConfig(process.env))).toBe(0);
    expect(out).toMatch(/2 tokens, 1 past learning, 1 learning/);
  });

  it('uses the detector config file, and names the file when it is wrong', async () => {
    const file = join(ch.dataPath, 'detector.json');
    writeFileSync(file, JSON.stringify({ learning: { minEvents: 10, minHours: 0.5 } }));
    process.env['TOKENWATCH_DETECTOR_CONFIG'] = file;
    out = '';
    expect(await baselinesCommand(['rebuild', '--since', '1d', '--dry-run'], loadConfig(process.env))).toBe(0);
    expect(out).toMatch(/2 tokens \(2 past learning\)/);

    writeFileSync(file, JSON.stringify({ learning: { minEvents: -1 } }));
    await expect(baselinesCommand(['rebuild', '--since', '1d'], loadConfig(process.env))).rejects.toThrow(
      /detector config .*detector\.json: learning\.minEvents: /,
    );
  });

  it('reads durations and rejects bad ones', async () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('2w')).toBe(14 * 24 * HOUR);
    expect(() => parseDuration('7 days')).toThrow(UsageError);
    await expect(baselinesCommand(['rebuild'], loadConfig(process.env))).rejects.toThrow(/needs --since/);
    await expect(baselinesCommand(['forget'], loadConfig(process.env))).rejects.toThrow(/unknown baselines subcommand "forget"/);
  });
});
