import { describe, expect, it } from 'vitest';
import { distanceKm, haversineKm, minimumDistanceKm, speedKmh } from './geo';

const LONDON = { lat: 51.5074, lon: -0.1278 };
const NEW_YORK = { lat: 40.7128, lon: -74.006 };

describe('distance and speed', () => {
  it('haversine: London - New York is about 5570 km, and symmetric', () => {
    expect(distanceKm(LONDON, NEW_YORK)).toBeGreaterThan(5550);
    expect(distanceKm(LONDON, NEW_YORK)).toBeLessThan(5590);
    expect(distanceKm(NEW_YORK, LONDON)).toBeCloseTo(distanceKm(LONDON, NEW_YORK), 9);
    expect(distanceKm(LONDON, LONDON)).toBe(0);
    expect(distanceKm({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 })).toBeLessThan(25);
  });

  it('speed in km/h, order-independent; zero time is Infinity unless it is the same place', () => {
    const a = { ...LONDON, ts: 0 };
    const b = { ...NEW_YORK, ts: 3_600_000 };
    expect(speedKmh(a, b)).toBeCloseTo(distanceKm(LONDON, NEW_YORK), 6);
    expect(speedKmh(b, a)).toBeCloseTo(speedKmh(a, b), 9);
    expect(speedKmh(a, { ...NEW_YORK, ts: 0 })).toBe(Infinity);
    expect(speedKmh(a, { ...LONDON, ts: 0 })).toBe(0);
  });

  it('minimum distance discounts accuracy radii', () => {
    expect(minimumDistanceKm({ ...LONDON, accuracyKm: 1000 }, { ...NEW_YORK, accuracyKm: 1000 })).toBeCloseTo(distanceKm(LONDON, NEW_YORK) - 2000, 6);
    expect(minimumDistanceKm({ ...LONDON, accuracyKm: 5000 }, { ...NEW_YORK, accuracyKm: 1000 })).toBe(0);
  });

  it('the four-number form is the same great circle, in the 6371 km radius the detector always used', () => {
    expect(haversineKm(LONDON.lat, LONDON.lon, NEW_YORK.lat, NEW_YORK.lon)).toBe(distanceKm(LONDON, NEW_YORK));
    expect(haversineKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6371, 6);
  });
});
