import { insertAccessEvents, insertAlerts, type ClickHouse } from '@tokenwatch/clickhouse';
import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { exampleAccessEvent } from '@tokenwatch/contracts/testing';

export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const FP_A = 'a1'.repeat(16);
export const FP_B = 'b2'.repeat(16);
export const FP_C = 'c3'.repeat(16);

export const KEYS = {
  viewer: 'viewer-key-0123456789',
  responder: 'responder-key-0123456789',
  admin: 'admin-key-0123456789abc',
  ingest: 'ingest-key-0123456789',
} as const;
export const API_KEYS_ENV = Object.entries(KEYS)
  .map(([role, key]) => `${role}:${key}`)
  .join(',');

const event = exampleAccessEvent;

function alert(id: string, fp: string, ts: number, over: Partial<Alert> = {}): Alert {
  return {
    id,
    ts,
    token: { fp, hint: 'x9Qz' },
    severity: 'high',
    score: 0.87,
    signals: [
      { type: 'volume_spike', score: 0.9, observed: 30, expected: { mean: 4, p99: 9 }, detail: '30 requests in 5 minutes against a baseline of 4 (p99 9).' },
      { type: 'new_country', score: 0.6, observed: 'BR', expected: ['DE'], detail: 'First request from BR; seen before: DE.' },
    ],
    summary: 'Volume spike from a new country',
    window: { start: ts - 300_000, end: ts },
    state: 'firing',
    ...over,
  };
}

/**
 * Needs an access_events TTL of more than 100 days (`migrate: { accessEventsTtlDays: 3650 }`).
 * FP_A: 100 days old, active in the last hours from DE, then 30 requests from BR in the alert window
 * (alert-a, high). FP_B: 40 days silent (dormant), 25 distinct IPs (shared). alert-b: low on FP_B;
 * alert-c: medium on FP_A, resolved.
 */
export async function seed(ch: ClickHouse): Promise<void> {
  const events: AccessEvent[] = [event('a-old', FP_A, NOW - 100 * DAY)];
  for (let h = 1; h <= 5; h++) events.push(event(`a-h${h}`, FP_A, NOW - h * HOUR));
  for (let i = 0; i < 30; i++) {
    events.push(
      event(`a-br-${i}`, FP_A, NOW - 200_000 + i * 1_000, {
        ip: '198.51.100.9',
        route: '/v1/export',
        path: '/v1/export',
        geo: { country: 'BR', region: null, city: 'São Paulo', lat: -23.5, lon: -46.6 },
      }),
    );
  }
  for (let i = 0; i < 25; i++) events.push(event(`b-${i}`, FP_B, NOW - 40 * DAY - i * 60_000, { ip: `192.0.2.${i}`, consumer: 'reports' }));
  await insertAccessEvents(ch, events);
  await insertAlerts(ch, [
    alert('alert-a', FP_A, NOW - 100_000, { window: { start: NOW - 300_000, end: NOW - 100_000 } }),
    alert('alert-b', FP_B, NOW - 2 * HOUR, {
      token: { fp: FP_B, hint: null },
      severity: 'low',
      score: 0.3,
      signals: [{ type: 'dormant_reactivation', score: 0.3, observed: 40, expected: 7, detail: 'Silent for 40 days, then active.' }],
      summary: 'Dormant token reactivated',
    }),
    alert('alert-c', FP_A, NOW - 3 * HOUR, { severity: 'medium', score: 0.5 }),
  ]);
  await insertAlerts(ch, [alert('alert-c', FP_A, NOW - 3 * HOUR, { severity: 'medium', score: 0.5, state: 'resolved' })]);
}
