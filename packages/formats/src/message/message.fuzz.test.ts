import { describe, expect, it } from 'vitest';
import { AccessEvent } from '@tokenwatch/contracts';
import { RejectLabel, reasonLabel } from '../event/reject-reasons';
import { adapterFor, FORMAT_NAMES, type FormatName } from '../registry';
import { seededRandom as prng } from '@tokenwatch/common';
import { normalizeMessage } from './message.normalizer';

const VALID_KONG = JSON.stringify({
  started_at: 1_760_000_000_000,
  client_ip: '81.2.69.142',
  request: {
    id: 'abc123',
    method: 'GET',
    uri: '/v1/users/1?apikey=k',
    headers: { apikey: 'sk_live_fuzzfuzzfuzz1234', 'user-agent': 'curl/8' },
    querystring: {},
  },
  response: { status: 200, size: 10 },
  latencies: { request: 5 },
  authenticated_entity: { id: 'cred-1' },
});
const LABELS = new Set<string>(Object.values(RejectLabel));
const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -0,
  '',
  '-',
  'REDACTED',
  '::',
  '999.1.1.1',
  '1.2.3.4:99999',
  [],
  {},
  [[]],
  { a: { b: {} } },
  'x'.repeat(5000),
  '\u0000',
  '\ud800',
  NaN,
];

function generate(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const bytes = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => Math.floor(random() * 256)));
  switch (Math.floor(random() * 10)) {
    case 0:
      return bytes(Math.floor(random() * 200));
    case 1:
      return VALID_KONG.slice(0, Math.floor(random() * VALID_KONG.length)); // truncated JSON
    case 2:
      return JSON.stringify(pick(['str', 42, -3.5, true, null, [1, 2], [null], ['a']])); // scalars and odd arrays
    case 3:
      return `${'['.repeat(1 + Math.floor(random() * 20_000))}1${']'.repeat(Math.floor(random() * 20_000))}`; // deep nesting
    case 4: {
      // a valid record with one field replaced by something odd
      const record = JSON.parse(VALID_KONG) as Record<string, unknown>;
      const paths = [
        ['started_at'],
        ['client_ip'],
        ['request'],
        ['request', 'headers'],
        ['request', 'uri'],
        ['response', 'status'],
        ['response', 'size'],
        ['latencies'],
        ['authenticated_entity', 'id'],
        ['request', 'method'],
      ];
      const path = pick(paths);
      let target = record;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[path.at(-1)!] = pick(ODD_VALUES);
      return JSON.stringify(record);
    }
    case 5:
      return JSON.stringify(Array.from({ length: Math.floor(random() * 5) }, () => (random() < 0.5 ? JSON.parse(VALID_KONG) : pick(ODD_VALUES))));
    case 6:
      return JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logGroup: 'g',
        logEvents: [{ message: VALID_KONG }, { message: pick(ODD_VALUES) }, pick(ODD_VALUES)],
      });
    case 7:
      return `${pick(['1.2.3.4', '[2001:db8::1]', '::ffff:300.1.1.1', '-'])} - ${pick(['-', 'bob'])} [${pick(['10/Oct/2025:13:55:36 +0000', '99/Zzz/2025:99:99:99 +9999', ''])}] "${pick(['GET / HTTP/1.1', '\\x16\\x03\\x01', ''])}" ${pick(['200', '-1', '999'])} ${pick(['0', '-', 'x'])} "-" "${bytes(10)}"`;
    case 8:
      return `{"a":${'{"a":'.repeat(Math.floor(random() * 3000))}1${'}'.repeat(Math.floor(random() * 3000))}}`;
    default:
      return VALID_KONG.replace(/[0-9a-z]/g, (c) => (random() < 0.03 ? bytes(1) : c)); // bit rot
  }
}

describe('fuzz: normalizeMessage never throws', () => {
  const formats = FORMAT_NAMES.filter((f) => f !== 'custom');
  const adapters = new Map<FormatName, ReturnType<typeof adapterFor>>(formats.map((f) => [f, adapterFor(f)]));
  adapters.set(
    'custom',
    adapterFor('custom', {
      mapping: { ts: 'started_at', ip: 'client_ip', path: 'request.uri', headers: 'request.headers', credential: [{ header: 'apikey', kind: 'api_key' }] },
    }),
  );

  it('5000 seeded cases across every format: each outcome is a valid event or a labelled rejection', () => {
    const random = prng(20251020);
    const seen = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const text = generate(random);
      const format = FORMAT_NAMES[i % FORMAT_NAMES.length]!;
      let outcomes;
      try {
        outcomes = normalizeMessage(text, adapters.get(format)!, { fingerprintKey: 'fuzz', now: 1_760_000_100_000 });
      } catch (error) {
        throw new Error(`case ${i} (${format}) threw: ${String(error)}`, { cause: error });
      }
      for (const { result } of outcomes) {
        if (result.kind === 'ok') {
          expect(AccessEvent.safeParse(result.value).success, `case ${i}`).toBe(true);
          seen.set('ok', (seen.get('ok') ?? 0) + 1);
        } else {
          const label = reasonLabel(result.reason);
          expect(LABELS.has(label), `case ${i}: ${result.reason}`).toBe(true);
          expect(result.reason).not.toContain('sk_live_fuzz');
          seen.set(label, (seen.get(label) ?? 0) + 1);
        }
      }
    }
    // The generator reaches the interesting paths.
    for (const label of ['ok', 'invalid JSON', 'not an object', 'invalid client ip', 'invalid timestamp', 'no credential'])
      expect(seen.get(label) ?? 0, label).toBeGreaterThan(0);
  });

  it('huge lines: a 2 MB record is "record too large", a 5 MB message "message too large", both unparsed', () => {
    const adapter = adapters.get('kong')!;
    const big = JSON.stringify({ ...JSON.parse(VALID_KONG), padding: 'x'.repeat(2 * 1024 * 1024) });
    expect(normalizeMessage(big, adapter, { fingerprintKey: 'k' })[0]!.result).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/^record too large/),
    });
    expect(normalizeMessage('x'.repeat(5 * 1024 * 1024), adapter, { fingerprintKey: 'k' })[0]!.result).toMatchObject({
      reason: expect.stringMatching(/^message too large/),
    });
    // an array of small records under the message limit is fine, record by record
    const batch = JSON.stringify(Array.from({ length: 1000 }, () => JSON.parse(VALID_KONG)));
    expect(normalizeMessage(batch, adapter, { fingerprintKey: 'k' }).every((o) => o.result.kind === 'ok')).toBe(true);
  });

  it('bad records next to good ones lose nothing', () => {
    const good = JSON.parse(VALID_KONG) as object;
    const outcomes = normalizeMessage(
      JSON.stringify([good, 'scalar', { ...good, client_ip: '300.1.1.1' }, { ...good, started_at: -5 }, good]),
      adapters.get('kong')!,
      { fingerprintKey: 'k' },
    );
    expect(outcomes.map((o) => (o.result.kind === 'ok' ? 'ok' : reasonLabel(o.result.reason)))).toEqual([
      'ok',
      'not an object',
      'invalid client ip',
      'invalid timestamp',
      'ok',
    ]);
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
  });
});
