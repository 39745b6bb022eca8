import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccessEvents } from './access-events.queries';
import { alertQueuePage, countAlertQueue } from './alert-queue.queries';
import { alertsOverTime, storedEventsOverTime, topAlertSignals, topAlertTokens } from './alert-stats.queries';
import { insertAlerts } from './alerts.queries';
import { FP_A, FP_B, makeAlert, makeEvent } from './test-events.fixture';
import { createTestClickHouse, type TestClickHouse } from './testing';
import { getLastLocatedEventBefore, getTokenIps, getTokenPlaces } from './token-footprint.queries';
import { getTokenLifecycleFacts } from './token-lifecycle.queries';

const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const HOUR = 3_600_000;
let ch: TestClickHouse;

beforeAll(async () => {
  ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
  await insertAlerts(ch, [
    makeAlert('old-critical-resolved', T0 + 1 * HOUR, { severity: 'critical' }),
    makeAlert('low-new', T0 + 5 * HOUR, { severity: 'low', token: { fp: FP_B, hint: null } }),
    makeAlert('high-old', T0 + 2 * HOUR),
    makeAlert('high-new', T0 + 4 * HOUR),
    makeAlert('medium', T0 + 3 * HOUR, { severity: 'medium', signals: [{ type: 'ip_fanout', score: 0.5, observed: 30, expected: 3, detail: '30 IPs.' }] }),
  ]);
  // A later write of the same alert: the queue reads its latest state.
  await insertAlerts(ch, [makeAlert('old-critical-resolved', T0 + 1 * HOUR, { severity: 'critical', state: 'resolved' })]);
  // FP_A (even i): Berlin; then, at T0+10h, São Paulo.
  await insertAccessEvents(ch, [
    ...Array.from({ length: 10 }, (_, i) => makeEvent(i, T0)),
    makeEvent(100, T0 + 10 * HOUR, { id: 'sp', ip: '198.51.100.9', geo: { country: 'BR', region: null, city: 'São Paulo', lat: -23.55, lon: -46.63 } }),
  ]);
});
afterAll(async () => {
  await ch?.dispose();
});

describe('alert queue', () => {
  it('puts firing before resolved, then severity, then newest, and pages with the cursor', async () => {
    const first = await alertQueuePage(ch, { limit: 3 });
    expect(first.map((a) => a.id)).toEqual(['high-new', 'high-old', 'medium']);
    const last = first.at(-1)!;
    const second = await alertQueuePage(ch, { limit: 3, after: { rank: last.rank, ts: last.ts, id: last.id } });
    expect(second.map((a) => a.id)).toEqual(['low-new', 'old-critical-resolved']);
    expect(await countAlertQueue(ch, {})).toBe(5);
  });

  it('filters across every alert', async () => {
    expect((await alertQueuePage(ch, { limit: 10, states: ['firing'], signal: 'volume_spike' })).map((a) => a.id)).toEqual(['high-new', 'high-old', 'low-new']);
    expect(await countAlertQueue(ch, { tokenFp: FP_B })).toBe(1);
    expect(await countAlertQueue(ch, { severities: ['critical'], states: ['firing'] })).toBe(0);
  });
});

describe('overview statistics', () => {
  const range = { from: T0, to: T0 + 24 * HOUR };
  it('counts alerts per bucket and severity, signals and tokens', async () => {
    const over = await alertsOverTime(ch, { ...range, bucketMs: 2 * HOUR });
    expect(over).toEqual([
      { bucket: T0, severity: 'critical', alerts: 1 },
      { bucket: T0 + 2 * HOUR, severity: 'high', alerts: 1 },
      { bucket: T0 + 2 * HOUR, severity: 'medium', alerts: 1 },
      { bucket: T0 + 4 * HOUR, severity: 'high', alerts: 1 },
      { bucket: T0 + 4 * HOUR, severity: 'low', alerts: 1 },
    ]);
    expect(await topAlertSignals(ch, { ...range, limit: 5 })).toEqual([
      { signal: 'new_country', alerts: 4 },
      { signal: 'volume_spike', alerts: 4 },
      { signal: 'ip_fanout', alerts: 1 },
    ]);
    const tokens = await topAlertTokens(ch, { ...range, limit: 5 });
    expect(tokens.map((t) => [t.fp, t.firing, t.worstSeverity, t.alerts])).toEqual([
      [FP_A, 3, 'critical', 4],
      [FP_B, 1, 'low', 1],
    ]);
  });

  it('counts stored events per bucket from the minute rollups', async () => {
    expect(await storedEventsOverTime(ch, { ...range, bucketMs: HOUR })).toEqual([
      { bucket: T0, events: 10, errors: 0 },
      { bucket: T0 + 10 * HOUR, events: 1, errors: 0 },
    ]);
  });
});

describe('token footprint', () => {
  it('groups located requests by place, lists addresses and finds where the token came from', async () => {
    const places = await getTokenPlaces(ch, FP_A, { from: T0, to: T0 + 24 * HOUR, limit: 10 });
    expect(places.map((p) => [p.city, p.events])).toEqual([
      ['Berlin', 5],
      ['São Paulo', 1],
    ]);
    expect(places[0]).toMatchObject({ country: 'DE', lat: 52.52 });
    expect(places[0]?.lon).toBeCloseTo(13.4, 1);
    const ips = await getTokenIps(ch, FP_A, { from: T0, to: T0 + 24 * HOUR, limit: 2 });
    expect(ips[0]).toMatchObject({ ip: '198.51.100.9', events: 1, country: 'BR' });
    expect(ips).toHaveLength(2);
    expect(await getLastLocatedEventBefore(ch, FP_A, T0 + 10 * HOUR)).toMatchObject({ ts: T0 + 8_000, city: 'Berlin' });
    expect(await getLastLocatedEventBefore(ch, FP_A, T0)).toBeNull();
  });
});

describe('token lifecycle facts', () => {
  it('reads first and last seen, identity and clients of one token', async () => {
    expect(await getTokenLifecycleFacts(ch, FP_A)).toEqual({
      fp: FP_A,
      hint: 'x9Qz',
      kind: 'api_key',
      consumer: 'billing',
      service: 'users',
      firstSeen: T0,
      lastSeen: T0 + 10 * HOUR + 100_000,
      userAgents: 1,
      ips: 6,
    });
    expect(await getTokenLifecycleFacts(ch, 'ff'.repeat(16))).toBeUndefined();
  });
});
