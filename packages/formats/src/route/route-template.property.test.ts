import { describe, expect, it } from 'vitest';
import { isHexOrUuid, isIdSegment, routeTemplate, stripQuery } from './route-template';
import { seededRandom as prng } from '@tokenwatch/common';

/** The definition: split on `/`, template every segment, join. */
const reference = (path: string) =>
  stripQuery(path)
    .split('/')
    .map((segment) => (isIdSegment(segment) ? '{id}' : segment))
    .join('/');

const SEGMENTS = [
  '',
  'v1',
  'users',
  'orders',
  '42',
  '0',
  '1.5',
  '-7',
  'a1b2c3d4',
  '2fa',
  'deadbeefdeadbeef',
  '550e8400-e29b-41d4-a716-446655440000',
  'bob@example.com',
  'a%40b.co',
  '%zz',
  '2025-10-20',
  'QUJDREVGR0hJSktMTU5PUA==',
  'sk_live_0123456789abcdefghij',
  'x'.repeat(49),
  'well-known',
  '😀',
  '{id}',
  'ÄÖÜ123',
];

describe('routeTemplate in one pass', () => {
  it('equals the split-and-join definition (20 000 seeded paths)', () => {
    const random = prng(5);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 20_000; i++) {
      let path = Array.from({ length: Math.floor(random() * 7) }, () => pick(SEGMENTS)).join('/');
      if (random() < 0.8) path = `/${path}`;
      if (random() < 0.2) path += pick(['?a=1/2', '#frag/9', '?', '/']);
      expect(routeTemplate(path), `case ${i}: ${path}`).toBe(reference(path));
    }
  });
});

describe('isHexOrUuid, the regex-free shortcut of isIdSegment', () => {
  it('says yes only where the hex and UUID patterns do, and to most of them (20 000 seeded segments)', () => {
    const random = prng(17);
    const alphabets = ['0123456789abcdef', 'abcdefABCDEF', '0123456789abcdefABCDEFg-_zZ'];
    let agreed = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = [0, 7, 8, 15, 16, 32, 35, 36, 37][Math.floor(random() * 9)]!;
      const alphabet = alphabets[Math.floor(random() * alphabets.length)]!;
      let segment = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (random() < 0.5 && length === 36)
        segment = `${segment.slice(0, 8)}-${segment.slice(9, 13)}-${segment.slice(14, 18)}-${segment.slice(19, 23)}-${segment.slice(24)}`;
      const byPatterns =
        /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(segment) ||
        /^(?=[0-9a-f]*\d)[0-9a-f]{8,}$/i.test(segment) ||
        /^[0-9a-f]{16,}$/i.test(segment);
      if (isHexOrUuid(segment)) expect(byPatterns, `case ${i}: ${segment}`).toBe(true);
      if (byPatterns && isHexOrUuid(segment)) agreed++;
    }
    expect(agreed).toBeGreaterThan(2_000);
  });
});
