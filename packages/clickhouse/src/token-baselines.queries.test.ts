import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccessEvents } from './access-events.queries';
import { createTestClickHouse, type TestClickHouse } from './testing';
import { FP_A, FP_B, makeEvent } from './test-events.fixture';
import {
  countTokenBaselines,
  getTokenBaselineSummary,
  getTokenMinuteRollups,
  insertTokenBaselines,
  loadTokenBaselineStates,
  readAccessEventHistory,
  type TokenBaselineRecord,
} from './token-baselines.queries';

const MINUTE = 60_000;

function record(fp: string, events: number, overrides: Partial<TokenBaselineRecord> = {}): TokenBaselineRecord {
  return {
    fp,
    snapshotVersion: 1,
    learning: 'active',
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_000_000 + events * 1_000,
    events,
    consumer: 'billing',
    service: '',
    countries: ['DE'],
    userAgents: ['curl'],
    routes: ['/v1/users/{id}'],
    hourlyRate: Array.from({ length: 168 }, () => 1.5),
    reason: 'periodic',
    state: JSON.stringify({ events, state: { phi: 1.5 } }),
    ...overrides,
  };
}

describe('token baselines and minute rollups on chDB', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await createTestClickHouse();
  });
  afterAll(async () => {
    await ch?.dispose();
  });

  it('keeps the latest row per token and loads only the asked tokens', async () => {
    await insertTokenBaselines(ch, [record(FP_A, 10), record(FP_B, 5, { learning: 'learning' })]);
    await insertTokenBaselines(ch, [record(FP_A, 42, { reason: 'shutdown' })]);
    await insertTokenBaselines(ch, [record(FP_A, 7, { reason: 'revoked' })]); // an older state, written late
    const states = await loadTokenBaselineStates(ch, [FP_A, 'missing']);
    expect([...states.keys()]).toEqual([FP_A]);
    expect(JSON.parse(states.get(FP_A)!)).toEqual({ events: 42, state: { phi: 1.5 } });
    const summary = await getTokenBaselineSummary(ch, FP_A);
    expect(summary).toMatchObject({ learning: 'active', events: 42, lastSeen: 1_700_000_042_000, dispersion: 1.5 });
    expect(summary?.hourlyRate).toHaveLength(168);
    expect(await getTokenBaselineSummary(ch, 'missing')).toBeUndefined();
    expect(await countTokenBaselines(ch)).toEqual({ tokens: 2, active: 1 });
  });

  it('rolls access_events up per token and minute, counting a redelivered event once', async () => {
    const base = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
    const events = Array.from({ length: 120 }, (_, i) =>
      makeEvent(i, base, {
        status: i % 10 === 0 ? 500 : 200,
        bytes: 100,
        geo: { country: i % 3 === 0 ? 'FR' : 'DE', region: null, city: null, lat: null, lon: null },
      }),
    );
    await insertAccessEvents(ch, events);
    await insertAccessEvents(ch, events.slice(0, 20)); // redelivery after a crash
    const rollups = await getTokenMinuteRollups(ch, FP_A, base, base + 5 * MINUTE);
    expect(rollups.map((r) => r.minute)).toEqual([base, base + MINUTE]);
    // FP_A has the even events: 30 per minute, every tenth (i % 10 === 0) an error
    expect(rollups.map((r) => r.requests)).toEqual([30, 30]);
    expect(rollups.map((r) => r.errors)).toEqual([6, 6]);
    expect(rollups[1]!.bytes).toBe(3_000);
    expect(rollups[0]!.countries).toEqual(['DE', 'FR']);
    expect(rollups[0]!.routes).toEqual(['/v1/users/{id}']);
  });

  it('reads history in event-time order, page by page, each event once', async () => {
    const base = Date.now() - 3_600_000;
    const events = Array.from({ length: 250 }, (_, i) => makeEvent(i, base, { id: `hist-${String(i).padStart(4, '0')}` }));
    await insertAccessEvents(ch, [...events].reverse());
    await insertAccessEvents(ch, events.slice(100, 150));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of readAccessEventHistory(ch, { since: base, until: base + 250_000, pageSize: 100 })) {
      pages++;
      seen.push(...page.map((e) => e.id));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(events.map((e) => e.id));
  });
});
