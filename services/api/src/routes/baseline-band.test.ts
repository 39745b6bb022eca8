import { expect, it } from 'vitest';
import { baselineBand } from './baseline-band';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

it('fills silent hours with 0 and compares each hour with the same hour of day', () => {
  const from = Date.UTC(2026, 0, 1);
  const hourly = [
    { hour: from + 9 * HOUR, events: 10 },
    { hour: from + DAY + 9 * HOUR, events: 30 },
  ];
  const band = baselineBand(hourly, { from, to: from + 2 * DAY });
  expect(band).toHaveLength(48);
  const nine = band.filter((p) => new Date(p.hour).getUTCHours() === 9);
  expect(nine.map((p) => p.events)).toEqual([10, 30]);
  expect(nine[0]).toMatchObject({ expected: 20, low: 0, high: 40 });
  expect(band[0]).toMatchObject({ events: 0, expected: 0, low: 0, high: 0 });
});
