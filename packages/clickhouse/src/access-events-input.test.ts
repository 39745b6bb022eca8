import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessEvent } from '@tokenwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_EVENT_COLUMNS, accessEventLine, countAccessEvents, getAccessEventsByToken, insertAccessEvents } from './access-events.queries';
import { DEFAULT_SCHEMA_DIR, loadMigrations, migrate } from './schema.migrator';
import { createTestClickHouse, type TestClickHouse } from './testing';
import { FP_A, makeEvent } from './test-events.fixture';
import { getTokenMinuteRollups } from './token-baselines.queries';

/** 2100-01-01T00:00Z: far from every TTL, whatever the date the test runs on. */
const BASE = Date.UTC(2100, 0, 1);
const MINUTE = 60_000;
const INPUT_MIGRATION = '008_access_events_input';

let ch: TestClickHouse;
let schemaAt007: string;

beforeAll(async () => {
  ch = await createTestClickHouse({ migrate: false });
  schemaAt007 = mkdtempSync(join(tmpdir(), 'tokenwatch-schema-'));
  for (const file of await loadMigrations(DEFAULT_SCHEMA_DIR)) {
    if (file.number <= 7) copyFileSync(join(DEFAULT_SCHEMA_DIR, `${file.name}.sql`), join(schemaAt007, `${file.name}.sql`));
  }
});

afterAll(async () => {
  await ch?.dispose();
  rmSync(schemaAt007, { recursive: true, force: true });
});

async function columns(table: string): Promise<{ name: string; type: string }[]> {
  const rs = await ch.client.query({
    query: 'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {table:String} ORDER BY position',
    query_params: { db: ch.database, table },
    format: 'JSONEachRow',
  });
  return rs.json();
}

/** How events were written before 008: straight into access_events. */
async function insertAsBefore(events: AccessEvent[]): Promise<void> {
  const payload = Buffer.from(`${events.map(accessEventLine).join('\n')}\n`);
  await ch.insertEncoded?.({ table: `${ch.database}.access_events`, columns: ACCESS_EVENT_COLUMNS, format: 'JSONCompactEachRow', payload });
}

describe('access_events_input (schema 008) on chDB', () => {
  it('upgrades a database of 007: old rows stay, new rows arrive whole, a redelivery across the upgrade counts once', async () => {
    await migrate(ch, { schemaDir: schemaAt007 });
    const before = Array.from({ length: 40 }, (_, i) => makeEvent(i, BASE, { status: i % 10 === 0 ? 500 : 200 }));
    await insertAsBefore(before);

    const upgrade = await migrate(ch);
    expect(upgrade.applied[0]).toBe(INPUT_MIGRATION);
    expect(upgrade.skipped).toHaveLength(7);

    const after = Array.from({ length: 40 }, (_, i) =>
      makeEvent(40 + i, BASE, {
        status: i % 10 === 0 ? 500 : null,
        token: { fp: FP_A, hint: null, kind: 'api_key' },
        method: null,
        route: null,
        userAgent: 'agent with\ttab, "quotes" and ünïcode',
        geo: i % 2 === 0 ? null : { country: 'FR', region: null, city: 'Paris', lat: 48.85, lon: 2.35 },
      }),
    );
    await insertAccessEvents(ch, [...after, ...before.slice(0, 10)]); // the last batch before the upgrade, redelivered

    const byId = (events: AccessEvent[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));
    const stored = await getAccessEventsByToken(ch, FP_A, 1_000);
    expect(byId(stored)).toEqual(byId([...before, ...after].filter((e) => e.token.fp === FP_A)));
    expect(await countAccessEvents(ch, { final: true })).toBe(80);

    // FP_A: the even ids of `before` (20, minute 0, 4 errors), all of `after` (20 a minute, 2 errors each); the 5 redelivered FP_A events once
    const rollups = await getTokenMinuteRollups(ch, FP_A, BASE, BASE + 5 * MINUTE);
    expect(rollups.map((r) => [r.minute, r.requests, r.errors])).toEqual([
      [BASE, 20 + 20, 4 + 2],
      [BASE + MINUTE, 20, 2],
    ]);
    const rs = await ch.client.query({
      query: 'SELECT countIf(ingested_at > toDateTime64(0, 3)) AS stamped FROM {db:Identifier}.access_events',
      query_params: { db: ch.database },
      format: 'JSONEachRow',
    });
    expect((await rs.json<{ stamped: number | string }>()).map((r) => Number(r.stamped))).toEqual([90]);
  });

  it('has the columns of access_events but ingested_at, without LowCardinality', async () => {
    const stored = (await columns('access_events')).filter((c) => c.name !== 'ingested_at');
    const plain = stored.map((c) => ({ name: c.name, type: c.type.replace(/^LowCardinality\((.*)\)$/, '$1') }));
    expect(await columns('access_events_input')).toEqual(plain);
    expect(plain.map((c) => c.name)).toEqual([...ACCESS_EVENT_COLUMNS]);
  });
});
