import { expect, it } from 'vitest';
import { baselineBand, detectorBand } from './baseline-band';

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

it('takes the band from the detector baseline: the rate of each hour of week, widened by the dispersion', () => {
  const monday = Date.UTC(2026, 10, 2); // a Monday
  const hourlyRate = Array.from({ length: 168 }, (_, how) => (how === 9 ? 16 : how === 24 + 9 ? 4 : 0));
  const hourly = [{ hour: monday + 9 * HOUR, events: 50 }];
  const band = detectorBand(hourly, { from: monday, to: monday + 2 * DAY }, { hourlyRate, dispersion: 1 });
  expect(band).toHaveLength(48);
  expect(band[9]).toEqual({ hour: monday + 9 * HOUR, events: 50, expected: 16, low: 8, high: 24 });
  expect(band[24 + 9]).toMatchObject({ events: 0, expected: 4, low: 0, high: 8 });
  const bursty = detectorBand(hourly, { from: monday, to: monday + DAY }, { hourlyRate, dispersion: 4 });
  expect(bursty[9]).toMatchObject({ expected: 16, low: 0, high: 32 });
});
