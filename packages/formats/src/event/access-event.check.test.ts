import { describe, expect, it } from 'vitest';
import { AccessEvent } from '@tokenwatch/contracts';
import { isSurelyValidEvent, type EventShape } from './access-event.check';
import { seededRandom as prng } from '@tokenwatch/common';

const EMOJI_65 = '😀'.repeat(65); // 130 UTF-16 units, 65 code points
const ODD: unknown[] = [
  undefined,
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  2 ** 53 - 1,
  1e300,
  Infinity,
  -Infinity,
  NaN,
  '',
  ' ',
  '-',
  '7',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  '😀'.repeat(64),
  EMOJI_65,
  '\ud800',
  [],
  {},
  [1],
  new Date(0),
];
const VALID_TOKENS = [
  { fp: '0123456789abcdef', hint: null, kind: 'api_key' },
  { fp: 'a'.repeat(64), hint: 'WXYZ', kind: 'jwt_sub' },
  { fp: 'f'.repeat(32), hint: 'x'.repeat(64), kind: 'credential_id' },
];
const GEOS: unknown[] = [
  null,
  { country: 'US', region: null, city: null, lat: 1, lon: 2 },
  { country: 'GB', region: 'ENG', city: 'London', lat: 51.5, lon: -0.1, accuracyKm: 20 },
  { country: null, region: null, city: null, lat: null, lon: null, accuracyKm: -1 },
  { country: 'US' },
];

const NETWORKS: unknown[] = [
  undefined,
  null,
  { asn: 15169, org: 'Google LLC', class: 'hosting' },
  { asn: null, org: null, class: null },
  { asn: 21928, org: 'x'.repeat(256), class: 'mobile' },
  { asn: 1, org: 'x'.repeat(257), class: null },
  { asn: 1, org: '😀'.repeat(129), class: null }, // 258 units, 129 code points
  { asn: -1, org: null, class: null },
  { asn: 1.5, org: null, class: null },
  { asn: 2 ** 53, org: null, class: null },
  { asn: 1, org: null, class: 'satellite' },
  { asn: 1, org: 1, class: null },
  { asn: 1, org: null },
  { asn: 1, org: null, class: null, extra: 1 },
  [],
  'AS1',
];

/** Per field: values the schema accepts, which a generated event mostly draws from. */
const VALID: Record<keyof EventShape, unknown[]> = {
  id: ['kong-abc', 'x', 'x'.repeat(128), EMOJI_65, '😀'.repeat(64)],
  ts: [0, 1_760_000_000_000, 2 ** 53 - 1, -0],
  gateway: ['kong', 'g', '😀'],
  token: VALID_TOKENS,
  ip: [null, '81.2.69.142', '2001:db8::1', ''],
  method: [null, 'GET'],
  route: [null, '/v1/users/{id}', ''],
  path: [null, '/v1/users/42'],
  status: [null, 0, 200, 999],
  bytes: [null, 0, 12_345, 2 ** 53 - 1],
  latencyMs: [null, 0, 12.5, 1e300, -0],
  userAgent: [null, 'curl/8', ''],
  consumer: [null, 'svc'],
  service: [null, 'orders'],
  geo: [null],
  network: [null, undefined, NETWORKS[2], NETWORKS[3], NETWORKS[4]],
};
const KEYS = Object.keys(VALID) as Array<keyof EventShape>;

function generate(random: () => number): EventShape {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const event = {} as Record<keyof EventShape, unknown>;
  for (const key of KEYS) {
    const value = pick(VALID[key]);
    if (value !== undefined) event[key] = value; // an absent network, as before v1.2
  }
  // Spoil one to three fields (or none), with odd values, odd tokens or a real geo object.
  const spoiled = Math.floor(random() * 4);
  for (let i = 0; i < spoiled; i++) {
    const key = pick(KEYS);
    if (key === 'geo') event.geo = pick(GEOS);
    else if (key === 'network') event.network = pick(NETWORKS);
    else if (key === 'token' && random() < 0.7)
      event.token = { ...pick(VALID_TOKENS), [pick(['fp', 'hint', 'kind'])]: pick([...ODD, 'ABCDEF0123456789', 'g'.repeat(16), 'consumer', 'anonymous']) };
    else event[key] = pick(ODD);
  }
  return event;
}

describe('the fast AccessEvent check against the zod schema', () => {
  it('never accepts what zod rejects, and then zod returns the event unchanged (20 000 seeded cases)', () => {
    const random = prng(20_240_901);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const event = generate(random);
      if (!isSurelyValidEvent(event)) continue;
      accepted++;
      const parsed = AccessEvent.safeParse(event);
      expect(parsed.success, `case ${i}: ${JSON.stringify(event)}`).toBe(true);
      expect(parsed.data, `case ${i}`).toStrictEqual(event);
    }
    expect(accepted).toBeGreaterThan(5_000); // the generator is not vacuous
  });

  it('accepts every event zod accepts whose strings fit in UTF-16 units and whose geo is null', () => {
    const random = prng(7);
    for (let i = 0; i < 5_000; i++) {
      const event = generate(random);
      const zodSays = AccessEvent.safeParse(event).success;
      const hint = (event.token as { hint?: unknown } | null)?.hint;
      const org = (event.network as { org?: unknown } | null | undefined)?.org;
      const fits =
        event.geo === null &&
        (typeof event.id !== 'string' || event.id.length <= 128) &&
        (typeof hint !== 'string' || hint.length <= 64) &&
        (typeof org !== 'string' || org.length <= 256) &&
        !('network' in event && event.network === undefined) &&
        (typeof event.network !== 'object' || event.network === null || Object.keys(event.network).length === 3);
      if (fits) expect(isSurelyValidEvent(event), `case ${i}: ${JSON.stringify(event)}`).toBe(zodSays);
    }
  });

  it('leaves the edge cases to zod', () => {
    const base = Object.fromEntries(KEYS.map((k) => [k, VALID[k][0]])) as unknown as EventShape;
    expect(isSurelyValidEvent(base)).toBe(true);
    expect(isSurelyValidEvent({ ...base, id: EMOJI_65 })).toBe(false); // 130 units, 65 code points: zod accepts it
    expect(AccessEvent.safeParse({ ...base, id: EMOJI_65 }).success).toBe(true);
    expect(isSurelyValidEvent({ ...base, geo: GEOS[1] })).toBe(false);
    expect(isSurelyValidEvent({ ...base, network: NETWORKS[2] })).toBe(true);
    const { network: _absent, ...before12 } = base;
    expect(isSurelyValidEvent(before12)).toBe(true); // events without network (before v1.2)
    expect(isSurelyValidEvent({ ...base, network: NETWORKS[6] })).toBe(false); // zod counts 129 code points and accepts it
    expect(isSurelyValidEvent({ ...base, network: NETWORKS[13] })).toBe(false); // zod would strip the extra key
  });
});
