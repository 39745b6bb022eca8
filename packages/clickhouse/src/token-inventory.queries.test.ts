import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccessEvents } from './access-events.queries';
import { insertAlertTriage } from './alert-triage.queries';
import { insertAlerts } from './alerts.queries';
import { FP_A, FP_B, makeAlert, makeEvent } from './test-events.fixture';
import { insertTokenBaselines } from './token-baselines.queries';
import { listTokenInventory } from './token-inventory.queries';
import { createTestClickHouse, type TestClickHouse } from './testing';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 9, 1, 12, 0, 0);
const FP_C = 'c3'.repeat(16);
let ch: TestClickHouse;

beforeAll(async () => {
  ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
  const a = (i: number, ts: number, over: Parameters<typeof makeEvent>[2] = {}) => ({
    ...makeEvent(i, 0, over),
    id: `a-${i}`,
    ts,
    token: { fp: FP_A, hint: 'x9Qz', kind: 'api_key' as const },
  });
  await insertAccessEvents(ch, [
    a(0, NOW - 100 * DAY),
    a(1, NOW - 3 * HOUR, { userAgent: 'python-requests/2.31' }),
    a(2, NOW - 2 * HOUR, {
      method: 'DELETE',
      route: '/v1/keys/{id}',
      ip: '198.51.100.7',
      geo: { country: 'BR', region: null, city: null, lat: null, lon: null },
    }),
  ]);
  await insertTokenBaselines(ch, [
    {
      fp: FP_B,
      snapshotVersion: 1,
      learning: 'active',
      firstSeen: NOW - 400 * DAY,
      lastSeen: NOW - 200 * DAY,
      events: 5_000,
      consumer: 'reports',
      service: '',
      countries: ['US', 'CA'],
      userAgents: ['curl', 'go-http', 'java'],
      routes: [],
      hourlyRate: [],
      reason: 'evicted',
      state: '{}',
    },
  ]);
  const dormant = { type: 'dormant_reactivation' as const, score: 0.5, observed: 100, expected: 7, detail: 'Silent for 100 days, then active.' };
  await insertAlerts(ch, [
    makeAlert('open-high', NOW - 2 * HOUR, { signals: [dormant] }),
    makeAlert('fp-critical', NOW - 2 * HOUR, { severity: 'critical' }),
    makeAlert('resolved-medium', NOW - 3 * HOUR, { severity: 'medium', state: 'resolved' }),
    makeAlert('acked-low', NOW - 3 * HOUR, { severity: 'low' }),
  ]);
  await insertAlertTriage(ch, {
    alert_id: 'fp-critical',
    token_fp: FP_A,
    action: 'false_positive',
    reason: 'test',
    actor_role: 'responder',
    actor_name: 'responder#1',
    recorded_at: NOW,
  });
  await insertAlertTriage(ch, {
    alert_id: 'acked-low',
    token_fp: FP_A,
    action: 'ack',
    reason: 'looking',
    actor_role: 'responder',
    actor_name: 'responder#1',
    recorded_at: NOW,
  });
}, 60_000);
afterAll(async () => {
  await ch?.dispose();
});

describe('token inventory', () => {
  it('combines events, baselines, day-level activity and alerts per token', async () => {
    const rows = await listTokenInventory(ch, { limit: 100 });
    expect(rows.map((r) => r.fp)).toEqual([FP_A, FP_B]);
    const [a, b] = rows;
    expect(a).toMatchObject({
      hint: 'x9Qz',
      kind: 'api_key',
      consumer: 'billing',
      firstSeen: NOW - 100 * DAY,
      lastSeen: NOW - 2 * HOUR,
      events: 3,
      countries: ['BR', 'DE'],
      routes: 2,
      ips: 3,
      userAgents: 2,
      routeKeys: ['DELETE /v1/keys/{id}', 'GET /v1/users/{id}'],
      longestSilenceDays: 99,
      alerts: 4,
      openAlerts: { critical: 0, high: 1, medium: 0, low: 1 },
      reactivationAlerts: 1,
    });
    // Only a baseline: its events expired, the token is still in the inventory.
    expect(b).toMatchObject({
      hint: null,
      kind: null,
      consumer: 'reports',
      firstSeen: NOW - 400 * DAY,
      lastSeen: NOW - 200 * DAY,
      events: 0,
      countries: ['CA', 'US'],
      userAgents: 3,
      routeKeys: [],
      longestSilenceDays: 0,
      alerts: 0,
    });
  });

  it('reads at most `limit` tokens, in fingerprint order', async () => {
    await insertAccessEvents(ch, [{ ...makeEvent(9, NOW), id: 'c-1', token: { fp: FP_C, hint: null, kind: 'bearer' } }]);
    expect((await listTokenInventory(ch, { limit: 2 })).map((r) => r.fp)).toEqual([FP_A, FP_B]);
    await expect(listTokenInventory(ch, { limit: 0 })).rejects.toThrow(RangeError);
  });
});
