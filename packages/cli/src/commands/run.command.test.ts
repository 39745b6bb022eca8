import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouse, migrate } from '@tokenwatch/clickhouse';
import { UsageError } from '../cli-error';
import { loadConfig } from '../config/load-config';
import { parseRunArgs } from './run.command';
import { openServiceClickHouse, pendingMigrations } from './service-runtime';

const home = mkdtempSync(join(tmpdir(), 'tokenwatch-run-test-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('tokenwatch run arguments', () => {
  it('takes one service, --migrate, and --role for ingest', () => {
    expect(parseRunArgs(['api'])).toEqual({ service: 'api', migrate: false });
    expect(parseRunArgs(['ingest', '--migrate', '--role', 'score'])).toEqual({ service: 'ingest', migrate: true, roles: ['score'] });
  });

  it('takes several roles as a comma list or repeated, each once', () => {
    expect(parseRunArgs(['ingest', '--role', 'normalize,score']).roles).toEqual(['normalize', 'score']);
    expect(parseRunArgs(['ingest', '--role', 'score', '--role', 'store', '--role', 'score']).roles).toEqual(['score', 'store']);
    expect(parseRunArgs(['ingest', '--role', 'store']).roles).toEqual(['store']);
    expect(parseRunArgs(['ingest']).roles).toBeUndefined();
  });

  it.each([
    [[], /run needs a service/],
    [['scheduler'], /unknown service "scheduler"/],
    [['api', 'extra'], /unexpected argument "extra"/],
    [['notifier', '--role', 'score'], /--role applies to the ingest service only/],
    [['ingest', '--role', 'notify'], /--role takes normalize, score, store \(a comma list or repeated\), got "notify"/],
    [['ingest', '--role', 'score,writer'], /got "writer"/],
    [['ingest', '--role', ''], /got ""/],
    [['api', '--port', '1'], /Unknown option '--port'/],
  ])('rejects %j as a usage error', (args, message) => {
    expect(() => parseRunArgs(args)).toThrow(UsageError);
    expect(() => parseRunArgs(args)).toThrow(message);
  });
});

describe('ClickHouse schema for one service', () => {
  it('lists every migration as pending on an empty database, none once migrated', async () => {
    const ch = await createClickHouse({ dataPath: join(home, 'pending'), database: 'run_pending' });
    try {
      const before = await pendingMigrations(ch);
      expect(before.length).toBeGreaterThan(0);
      expect(before[0]).toMatch(/^001_/);
      await migrate(ch);
      expect(await pendingMigrations(ch)).toEqual([]);
    } finally {
      await ch.close();
    }
  });

  it('migrates an embedded database itself: no other process can', async () => {
    const config = loadConfig({ TOKENWATCH_HOME: home, CLICKHOUSE_DATABASE: 'run_embedded' });
    const ch = await openServiceClickHouse(config.clickhouse, { migrate: false });
    try {
      expect(ch.mode).toBe('embedded');
      expect(await pendingMigrations(ch)).toEqual([]);
    } finally {
      await ch.close();
    }
  });
});
