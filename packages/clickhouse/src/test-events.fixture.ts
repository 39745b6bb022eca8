import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { volumeSpikeSignal } from '@tokenwatch/contracts/testing';

export const FP_A = 'a1'.repeat(16);
export const FP_B = 'b2'.repeat(16);

/** A valid AccessEvent v1 near `baseTs`; events of one token one second apart. */
export function makeEvent(i: number, baseTs: number, overrides: Partial<AccessEvent> = {}): AccessEvent {
  return {
    id: `evt-${i}`,
    ts: baseTs + i * 1_000,
    gateway: 'kong',
    token: { fp: i % 2 === 0 ? FP_A : FP_B, hint: 'x9Qz', kind: 'api_key' },
    ip: `203.0.113.${i % 250}`,
    method: 'GET',
    route: '/v1/users/{id}',
    path: `/v1/users/${i}`,
    status: 200,
    bytes: 1_234 + i,
    latencyMs: 12.5,
    userAgent: 'curl/8.5.0',
    consumer: 'billing',
    service: 'users',
    geo: { country: 'DE', region: 'BE', city: 'Berlin', lat: 52.52, lon: 13.405 },
    ...overrides,
  };
}

export function makeAlert(id: string, ts: number, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    ts,
    token: { fp: FP_A, hint: 'x9Qz' },
    severity: 'high',
    score: 0.87,
    signals: [
      volumeSpikeSignal(),
      { type: 'new_country', score: 0.6, observed: 'BR', expected: ['DE', 'FR'], detail: 'First request from BR; seen before: DE, FR.' },
    ],
    summary: 'Volume spike from a new country',
    window: { start: ts - 300_000, end: ts },
    state: 'firing',
    ...overrides,
  };
}
