import { AccessEvent } from '@tokenwatch/contracts';
import { describe, expect, it } from 'vitest';
import { isSurelyValidAccessEvent } from './access-event.fast-check';

// Deterministic pseudo-random source, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const validEvent = (): Record<string, unknown> => ({
  id: 'req-1',
  ts: 1_700_000_000_000,
  gateway: 'kong',
  token: { fp: 'ab'.repeat(16), hint: '1234', kind: 'api_key' },
  ip: '203.0.113.7',
  method: 'GET',
  route: '/v1/users/{id}',
  path: '/v1/users/7',
  status: 200,
  bytes: 512,
  latencyMs: 3.5,
  userAgent: 'curl/8',
  consumer: null,
  service: 'users',
  geo: { country: 'DE', region: null, city: 'Berlin', lat: 52.5, lon: 13.4 },
  network: { asn: 3320, org: 'Deutsche Telekom AG', class: null },
});

// Values that are right for some field and wrong for others, including the edges of each rule.
const candidates: unknown[] = [
  null,
  undefined,
  '',
  'x',
  'é',
  '😀'.repeat(33),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'ab'.repeat(8),
  'ab'.repeat(7),
  'AB'.repeat(8),
  'ab'.repeat(32),
  'ab'.repeat(33),
  'api_key',
  'jwt_sub',
  'nope',
  0,
  -1,
  1,
  999,
  1000,
  1.5,
  -0.5,
  2 ** 53,
  2 ** 53 - 1,
  1e300,
  true,
  [],
  {},
  [1],
  { country: 'DE' },
  { country: null, region: null, city: null, lat: null, lon: null },
  { country: 'DE', region: null, city: null, lat: 1, lon: 2, accuracyKm: 5 },
  { country: 'DE', region: null, city: null, lat: 1, lon: 2, accuracyKm: -5 },
  { country: 'DE', region: null, city: null, lat: 1, lon: 2, extra: 1 },
  { fp: 'ab'.repeat(16), hint: null, kind: 'bearer' },
  { fp: 'ab'.repeat(16), hint: null, kind: 'bearer', extra: 1 },
  'hosting',
  'mobile',
  'residential',
  'anonymiser',
  'satellite',
  15169,
  'x'.repeat(256),
  'x'.repeat(257),
  '😀'.repeat(129),
  { asn: 15169, org: 'Google LLC', class: 'hosting' },
  { asn: null, org: null, class: null },
  { asn: 1, org: null },
  { asn: 1, org: null, class: null, extra: 1 },
  { asn: -1, org: null, class: null },
];

function mutate(event: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const out = structuredClone(event);
  const mutations = 1 + Math.floor(random() * 2);
  for (let m = 0; m < mutations; m++) {
    const roll0 = random();
    const target =
      roll0 < 0.2
        ? (out.token as Record<string, unknown>)
        : roll0 < 0.35 && out.geo
          ? (out.geo as Record<string, unknown>)
          : roll0 < 0.55 && out.network
            ? (out.network as Record<string, unknown>)
            : out;
    if (!target || typeof target !== 'object') continue;
    const keys = Object.keys(target);
    const roll = random();
    if (roll < 0.1) delete target[pick(keys)];
    else if (roll < 0.15) target[pick(['extra', 'accuracyKm', '__proto__'])] = pick(candidates);
    else target[pick(keys)] = structuredClone(pick(candidates));
  }
  return out;
}

describe('isSurelyValidAccessEvent', () => {
  it('accepts a well-formed event, with geo null or with accuracyKm, with or without network', () => {
    expect(isSurelyValidAccessEvent(validEvent())).toBe(true);
    const { network: _network, ...beforeNetwork } = validEvent();
    expect(isSurelyValidAccessEvent(beforeNetwork)).toBe(true); // stored before v1.2
    expect(isSurelyValidAccessEvent({ ...validEvent(), network: null })).toBe(true);
    expect(isSurelyValidAccessEvent({ ...validEvent(), network: 'AS3320' })).toBe(false);
    expect(isSurelyValidAccessEvent({ ...validEvent(), network: { asn: 1, org: null, class: 'satellite' } })).toBe(false);
    expect(isSurelyValidAccessEvent({ ...validEvent(), geo: null })).toBe(true);
    const geo = { country: 'DE', region: null, city: null, lat: 1, lon: 2, accuracyKm: null };
    expect(isSurelyValidAccessEvent({ ...validEvent(), geo })).toBe(true);
  });

  it('never accepts what zod rejects, and what it accepts zod returns unchanged (30k random mutations)', () => {
    const random = rng(7);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 30_000; i++) {
      const value = JSON.parse(JSON.stringify(mutate(validEvent(), random))) as unknown;
      const zod = AccessEvent.safeParse(value);
      if (isSurelyValidAccessEvent(value)) {
        accepted++;
        expect(zod.success).toBe(true);
        expect(zod.data).toEqual(value);
      } else if (!zod.success) rejected++;
    }
    // The mutations must exercise both sides, or the comparison proves nothing.
    expect(accepted).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(10_000);
  });
});
