import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAccessEvents, countDistinctEventIds, getAccessEventsByToken, insertAccessEvents } from './access-events.queries';
import { UNLOGGED_FIELDS } from '@tokenwatch/contracts/testing';
import { FP_A, FP_B, makeEvent } from './test-events.fixture';
import { createTestClickHouse, type TestClickHouse } from './testing';

let ch: TestClickHouse;
// Recent timestamps: rows older than the TTL may vanish at the next merge.
const baseTs = Date.now() - 3_600_000;

beforeAll(async () => {
  ch = await createTestClickHouse();
});
afterAll(async () => {
  await ch?.dispose();
});

async function optimizeFinal(table: string): Promise<void> {
  await ch.client.command({
    query: 'OPTIMIZE TABLE {db:Identifier}.{table:Identifier} FINAL',
    query_params: { db: ch.database, table },
  });
}

describe('access_events queries', () => {
  it('stores a redelivered event once: under FINAL at once, and in a plain count after a merge', async () => {
    const events = Array.from({ length: 20 }, (_, i) => makeEvent(i, baseTs));
    await insertAccessEvents(ch, events);
    // Redelivery: the same ids again, in a later insert and twice inside one insert.
    await insertAccessEvents(ch, [events[3]!, events[3]!, events[7]!]);

    expect(await countAccessEvents(ch)).toBeGreaterThanOrEqual(20);
    expect(await countAccessEvents(ch, { final: true })).toBe(20);
    expect(await countDistinctEventIds(ch)).toBe(20);

    await optimizeFinal('access_events');
    expect(await countAccessEvents(ch)).toBe(20);
  });

  it('round-trips AccessEvent v1, nulls and geo: null included, newest first', async () => {
    const full = makeEvent(100, baseTs, { token: { fp: 'c3'.repeat(16), hint: null, kind: 'jwt_sub' } });
    const sparse = makeEvent(101, baseTs, { token: { fp: 'c3'.repeat(16), hint: null, kind: 'bearer' }, ...UNLOGGED_FIELDS });
    const partialGeo = makeEvent(102, baseTs, {
      token: { fp: 'c3'.repeat(16), hint: '1234', kind: 'basic' },
      geo: { country: 'US', region: null, city: null, lat: null, lon: null },
      status: 0,
      bytes: 0,
      latencyMs: 0,
    });
    await insertAccessEvents(ch, [full, sparse, partialGeo]);
    expect(await getAccessEventsByToken(ch, 'c3'.repeat(16), 10)).toEqual([partialGeo, sparse, full]);
    expect(await getAccessEventsByToken(ch, 'c3'.repeat(16), 1)).toEqual([partialGeo]);
    expect(await getAccessEventsByToken(ch, 'ff'.repeat(16), 10)).toEqual([]);
    await expect(getAccessEventsByToken(ch, FP_A, 0)).rejects.toThrow(RangeError);
  });

  it('inserts large arrays in chunks and tolerates one chunk spanning many days', async () => {
    const before = await countAccessEvents(ch, { final: true });
    const many = Array.from({ length: 25_000 }, (_, i) => makeEvent(1_000 + i, baseTs, { id: `bulk-${i}` }));
    await insertAccessEvents(ch, many, { chunkRows: 10_000 });
    expect(await countAccessEvents(ch, { final: true })).toBe(before + 25_000);

    // 150 daily partitions in one INSERT (a replay of old logs) must not fail on the partition limit.
    const spread = Array.from({ length: 150 }, (_, i) =>
      makeEvent(i, baseTs - i * 86_400_000, { id: `old-${i}`, token: { fp: FP_B, hint: null, kind: 'api_key' } }),
    );
    await expect(insertAccessEvents(ch, spread)).resolves.toBeUndefined();
  });
});
