import { describe, expect, it } from 'vitest';
import { clfByPattern, isoByPattern, parseClfTime, parseIsoTime } from './timestamp.parser';
import { seededRandom as prng } from '@tokenwatch/common';

const two = (n: number) => String(n).padStart(2, '0');

describe('time fast paths answer as the patterns do', () => {
  const random = prng(3);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const num = (max: number) => Math.floor(random() * max);
  /** Mostly well-formed times with edge values, sometimes one character spoiled. */
  const spoil = (text: string) =>
    random() < 0.25 ? text.slice(0, num(text.length)) + pick(['', 'x', '9', ' ', ':', '-', '+', '.', 'Z', '[', ']']) + text.slice(num(text.length)) : text;
  const fields = () => ({
    year: pick([2025, 2024, 2000, 1900, 2100, 99, 100, 1, 9999, 1600]),
    month: pick([1, 2, 3, 11, 12, 0, 13]),
    day: pick([1, 15, 28, 29, 30, 31, 0, 32]),
    hour: pick([0, 12, 23, 24, 99]),
    minute: pick([0, 30, 59, 60]),
    second: pick([0, 30, 59, 60, 61]),
  });

  it('ISO-8601 (30 000 seeded cases, with fractions, zones and spoilt spellings)', () => {
    for (let i = 0; i < 30_000; i++) {
      const f = fields();
      const fraction = pick(['', '.1', '.29', ',5', '.735539596', '.0000000001', '.', '.999', '.123456789']);
      const zone = pick(['', 'Z', 'z', '+00:00', '-04:00', '+0530', '-00:00', '+99:99', '+1', '+12:3', '+12:345']);
      const text = spoil(
        `${String(f.year).padStart(4, '0')}-${two(f.month)}-${two(f.day)}${pick(['T', 't', ' ', 'X'])}${two(f.hour)}:${two(f.minute)}:${two(f.second)}${fraction}${zone}`,
      );
      const expected = isoByPattern(text.trim());
      expect(Object.is(parseIsoTime(text), expected), `case ${i}: ${text} -> ${parseIsoTime(text)}, pattern ${expected}`).toBe(true);
    }
  });

  it('CLF (30 000 seeded cases, with and without brackets)', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Sep', 'Dec', 'JAN', 'Foo', 'Xyz'];
    for (let i = 0; i < 30_000; i++) {
      const f = fields();
      const body = `${two(f.day)}/${pick(months)}/${String(f.year).padStart(4, '0')}:${two(f.hour)}:${two(f.minute)}:${two(f.second)}${pick(['', '', '.5', '.123456789'])} ${pick(['+', '-', '*'])}${pick(['0000', '0200', '0530', '9999', '12'])}`;
      const text = spoil(`${pick(['', '[', ' '])}${body}${pick(['', ']', ' '])}`);
      const expected = clfByPattern(text.trim());
      expect(Object.is(parseClfTime(text), expected), `case ${i}: ${text} -> ${parseClfTime(text)}, pattern ${expected}`).toBe(true);
    }
  });
});
