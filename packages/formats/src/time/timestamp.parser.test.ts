import { describe, expect, it } from 'vitest';
import { parseClfTime, parseIsoTime, readTimestamp } from './timestamp.parser';

describe('timestamps', () => {
  it('reads CLF with offsets', () => {
    expect(parseClfTime('10/Jun/2023:15:36:28 +0000')).toBe(Date.UTC(2023, 5, 10, 15, 36, 28));
    expect(parseClfTime('[25/Oct/2016:14:49:33 +0200]')).toBe(Date.UTC(2016, 9, 25, 12, 49, 33));
    expect(parseClfTime('31/Feb/2023:00:00:00 +0000')).toBeNaN();
    expect(parseClfTime('10/Foo/2023:15:36:28 +0000')).toBeNaN();
  });

  it('reads ISO-8601 with nanoseconds and offsets', () => {
    expect(parseIsoTime('2021-03-16T18:56:54.735539596Z')).toBe(Date.UTC(2021, 2, 16, 18, 56, 54, 735));
    expect(parseIsoTime('2020-09-23T19:05:05-04:00')).toBe(Date.UTC(2020, 8, 23, 23, 5, 5));
    expect(parseIsoTime('2025-10-20 22:40:00')).toBe(Date.UTC(2025, 9, 20, 22, 40));
    expect(parseIsoTime('2025-13-20T00:00:00Z')).toBeNaN();
  });

  it('reads epochs by unit and by magnitude', () => {
    expect(readTimestamp(1761000003.25, 's')).toBe(1761000003250);
    expect(readTimestamp('1761000003250', 'ms')).toBe(1761000003250);
    expect(readTimestamp(1761000003250123, 'auto')).toBe(1761000003250);
    expect(readTimestamp(1761000003000000000, 'auto')).toBe(1761000003000);
    expect(readTimestamp(1761000003, 'auto')).toBe(1761000003000);
    expect(readTimestamp('10/Jun/2023:15:36:28 +0000')).toBe(Date.UTC(2023, 5, 10, 15, 36, 28));
  });

  it('tells missing from unreadable', () => {
    for (const missing of [undefined, null, '', '-']) expect(readTimestamp(missing)).toBeUndefined();
    for (const bad of ['yesterday', {}, true, 'NaN']) expect(readTimestamp(bad)).toBeNaN();
  });
});
