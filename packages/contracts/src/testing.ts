/** Examples of the contracts, for the tests of the packages that read and store them. */
import type { AccessEvent } from './access-event.schema';
import type { Signal } from './alert.schema';

/** Every field of an AccessEvent that a gateway may leave unlogged, as null. */
export const UNLOGGED_FIELDS = {
  ip: null,
  method: null,
  route: null,
  path: null,
  status: null,
  bytes: null,
  latencyMs: null,
  userAgent: null,
  consumer: null,
  service: null,
  geo: null,
} as const satisfies Partial<AccessEvent>;

/** A valid AccessEvent v1: a Kong API key (hint `x9Qz`) calling GET /v1/users/1 with curl from Berlin; override what a test is about. */
export function exampleAccessEvent(id: string, fp: string, ts: number, overrides: Partial<AccessEvent> = {}): AccessEvent {
  return {
    id,
    ts,
    gateway: 'kong',
    token: { fp, hint: 'x9Qz', kind: 'api_key' },
    ip: '203.0.113.7',
    method: 'GET',
    route: '/v1/users/{id}',
    path: '/v1/users/1',
    status: 200,
    bytes: 1_000,
    latencyMs: 10,
    userAgent: 'curl/8.5.0',
    consumer: 'billing',
    service: 'users',
    geo: { country: 'DE', region: null, city: 'Berlin', lat: 52.5, lon: 13.4 },
    ...overrides,
  };
}

/** A volume_spike signal as the detector writes it (1200 requests in 5 minutes against a baseline of 40), a new object each time. */
export function volumeSpikeSignal(): Signal {
  return {
    type: 'volume_spike',
    score: 0.9,
    observed: 1_200,
    expected: { mean: 40, p99: 95 },
    detail: '1200 requests in 5 minutes against a baseline of 40 (p99 95).',
  };
}
