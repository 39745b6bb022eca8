import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse, type ClickHouse } from './clickhouse.client';
import { DEFAULT_SCHEMA_DIR, migrate, MigrationError, readAccessEventsTtlDays, renderSql } from './schema.migrator';
import { createTestClickHouse, randomDatabaseName, type TestClickHouse } from './testing';

let base: TestClickHouse;
/** Every migration shipped in schema/, in order (the list grows as migrations are added). */
const SHIPPED = readdirSync(DEFAULT_SCHEMA_DIR)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.slice(0, -4))
  .sort();
const dirs: string[] = [];
const others: ClickHouse[] = [];

beforeAll(async () => {
  base = await createTestClickHouse({ migrate: false });
});

afterAll(async () => {
  for (const ch of others) await ch.close();
  await base.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Another database in the same chDB folder (one folder per process). */
async function freshDatabase(): Promise<ClickHouse> {
  const ch = await createClickHouse({ dataPath: base.dataPath, database: randomDatabaseName() });
  others.push(ch);
  return ch;
}

function copyOfSchema(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-schema-'));
  dirs.push(dir);
  cpSync(DEFAULT_SCHEMA_DIR, dir, { recursive: true });
  return dir;
}

async function showCreate(ch: ClickHouse, table: string): Promise<string> {
  const rs = await ch.client.query({
    query: 'SHOW CREATE TABLE {db:Identifier}.{table:Identifier}',
    query_params: { db: ch.database, table },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ statement: string }>();
  return rows[0]?.statement ?? '';
}

describe('migrate', () => {
  it('applies every file once, in order; a second run is a no-op', async () => {
    const seen: string[] = [];
    const first = await migrate(base, { onApplied: (name) => seen.push(name) });
    expect(SHIPPED.slice(0, 2)).toEqual(['001_access_events', '002_alerts']);
    expect(first).toEqual({ applied: SHIPPED, skipped: [] });
    expect(seen).toEqual(first.applied);

    const second = await migrate(base);
    expect(second).toEqual({ applied: [], skipped: SHIPPED });

    const rs = await base.client.query({
      query: 'SELECT name, length(checksum) AS len FROM {db:Identifier}.schema_migrations FINAL ORDER BY name',
      query_params: { db: base.database },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual(SHIPPED.map((name) => ({ name, len: 64 })));
    expect(await showCreate(base, 'access_events')).toMatch(/ENGINE = ReplacingMergeTree\nPARTITION BY toDate\(ts\)\nORDER BY \(token_fp, ts, id\)/);
    expect(await showCreate(base, 'alerts')).toMatch(/ENGINE = ReplacingMergeTree\(updated_at\)\nORDER BY id/);
  });

  it('refuses to run when an applied file has changed, and applies a new file', async () => {
    const ch = await freshDatabase();
    const dir = copyOfSchema();
    await migrate(ch, { schemaDir: dir });

    writeFileSync(join(dir, '900_extra.sql'), 'CREATE TABLE IF NOT EXISTS {{database}}.extra (x UInt8) ENGINE = MergeTree ORDER BY x;\n');
    expect(await migrate(ch, { schemaDir: dir })).toEqual({ applied: ['900_extra'], skipped: SHIPPED });

    appendFileSync(join(dir, '002_alerts.sql'), '\n-- edited after the fact\n');
    writeFileSync(join(dir, '901_never.sql'), 'CREATE TABLE IF NOT EXISTS {{database}}.never (x UInt8) ENGINE = MergeTree ORDER BY x;\n');
    const err = await migrate(ch, { schemaDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe('002_alerts');
    expect((err as Error).message).toMatch(/^migration 002_alerts was changed after it was applied/);
    const rs = await ch.client.query({
      query: 'EXISTS TABLE {db:Identifier}.never',
      query_params: { db: ch.database },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ result: 0 }]); // nothing ran
  });

  it('sets the access_events TTL (default 30 days) and changes it on request', async () => {
    expect(await readAccessEventsTtlDays(base)).toBe(30);
    expect(await showCreate(base, 'access_events')).toContain('TTL toDateTime(ts) + toIntervalDay(30)');

    await migrate(base, { accessEventsTtlDays: 7 });
    expect(await showCreate(base, 'access_events')).toContain('TTL toDateTime(ts) + toIntervalDay(7)');
    await migrate(base, { accessEventsTtlDays: 7 });
    expect(await readAccessEventsTtlDays(base)).toBe(7);

    for (const bad of [0, -1, 1.5, Number.NaN, 40_000]) {
      await expect(migrate(base, { accessEventsTtlDays: bad }), String(bad)).rejects.toThrow(/accessEventsTtlDays must be an integer/);
    }
  });

  it('rejects badly named files, clashing numbers and unknown placeholders', async () => {
    const ch = await freshDatabase();
    const badName = mkdtempSync(join(tmpdir(), 'tokenwatch-schema-'));
    dirs.push(badName);
    writeFileSync(join(badName, '1_x.sql'), 'SELECT 1');
    await expect(migrate(ch, { schemaDir: badName })).rejects.toThrow(/must be named NNN_lower_snake_name\.sql/);

    const clash = copyOfSchema();
    writeFileSync(join(clash, '002_more.sql'), 'SELECT 1');
    await expect(migrate(ch, { schemaDir: clash })).rejects.toThrow(/share number 2/);

    expect(() => renderSql('CREATE TABLE {{databse}}.t', 'tw')).toThrow(/unknown placeholder/);
    expect(renderSql('CREATE TABLE {{database}}.t; -- {{ database }}', 'tw')).toBe('CREATE TABLE `tw`.t; -- `tw`');
  });

  it('names the file and statement that failed', async () => {
    const ch = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-schema-'));
    dirs.push(dir);
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE IF NOT EXISTS {{database}}.ok (x UInt8) ENGINE = MergeTree ORDER BY x;');
    writeFileSync(join(dir, '002_broken.sql'), 'SELECT 1;\nCREATE TABLE oops (;');
    const err = await migrate(ch, { schemaDir: dir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^migration 002_broken failed at statement 2 of 2: .*Syntax error/);
    // The failed file is not recorded, so it runs again once fixed.
    writeFileSync(join(dir, '002_broken.sql'), 'SELECT 1;');
    expect(await migrate(ch, { schemaDir: dir })).toEqual({ applied: ['002_broken'], skipped: ['001_ok'] });
  });
});
