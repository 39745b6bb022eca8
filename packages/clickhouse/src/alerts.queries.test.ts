import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAlerts, listAlerts } from './alerts.queries';
import { FP_A, FP_B, makeAlert } from './test-events.fixture';
import { createTestClickHouse, type TestClickHouse } from './testing';

let ch: TestClickHouse;
const ts = Date.now() - 60_000;

beforeAll(async () => {
  ch = await createTestClickHouse();
});
afterAll(async () => {
  await ch?.dispose();
});

async function rawRows(): Promise<number> {
  const rs = await ch.client.query({
    query: 'SELECT count() AS c FROM {db:Identifier}.alerts',
    query_params: { db: ch.database },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ c: number }>();
  return Number(rows[0]?.c);
}

describe('alerts queries', () => {
  it('round-trips Alert v1 and the latest state of an alert wins', async () => {
    const a = makeAlert('alert-a', ts);
    const b = makeAlert('alert-b', ts - 1_000, { token: { fp: FP_B, hint: null }, severity: 'low', score: 0.2 });
    await insertAlerts(ch, [a, b]);
    expect(await listAlerts(ch, { limit: 10 })).toEqual([a, b]);

    const resolved = { ...a, state: 'resolved' as const };
    await insertAlerts(ch, [resolved]);
    expect(await listAlerts(ch, { limit: 10 })).toEqual([resolved, b]);
    expect(await listAlerts(ch, { tokenFp: FP_A, limit: 10 })).toEqual([resolved]);
    expect(await listAlerts(ch, { tokenFp: FP_B, limit: 10 })).toEqual([b]);
    expect(await listAlerts(ch, { limit: 1 })).toEqual([resolved]);

    // A late redelivery of the same state changes nothing visible.
    await insertAlerts(ch, [resolved]);
    expect(await listAlerts(ch, { tokenFp: FP_A, limit: 10 })).toEqual([resolved]);

    await ch.client.command({ query: 'OPTIMIZE TABLE {db:Identifier}.alerts FINAL', query_params: { db: ch.database } });
    expect(await rawRows()).toBe(2);
    expect(await listAlerts(ch, { limit: 10 })).toEqual([resolved, b]);
  });

  it('keeps the last occurrence when one call carries two states of one alert', async () => {
    const firing = makeAlert('alert-c', ts + 5_000, { token: { fp: 'c3'.repeat(16), hint: null } });
    const resolved = { ...firing, state: 'resolved' as const, summary: 'Back to normal' };
    await insertAlerts(ch, [firing, resolved]);
    expect(await listAlerts(ch, { tokenFp: 'c3'.repeat(16), limit: 5 })).toEqual([resolved]);
  });

  it('validates the limit', async () => {
    await expect(listAlerts(ch, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(listAlerts(ch, { limit: 1.5 })).rejects.toThrow(RangeError);
  });
});
