import geoip from 'geoip-lite';
import { describe, expect, it } from 'vitest';
import { ALL_PLACES, HOME_PLACES, FOREIGN_PLACES, addressIn, distanceKm, placeById } from './places';

describe('the IP range table', () => {
  it.each(ALL_PLACES.map((p) => [p.id, p] as const))('%s: every address resolves to the claimed country and city in geoip-lite', (_, place) => {
    for (let r = 0; r < place.ranges.length; r++) {
      for (let host = 0; host < 254; host++) {
        const ip = addressIn(place, r, host);
        const found = geoip.lookup(ip);
        expect(found?.country, ip).toBe(place.country);
        if (place.city !== null) expect(found?.city, ip).toBe(place.city);
      }
    }
  });

  it('places coordinates near where geoip-lite puts their ranges', () => {
    for (const place of ALL_PLACES) {
      const found = geoip.lookup(addressIn(place, 0, 0));
      const [lat, lon] = found?.ll ?? [NaN, NaN];
      expect(distanceKm(place, { lat, lon }), place.id).toBeLessThan(100);
    }
  });

  it('keeps foreign (attacker) countries apart from the countries tokens live in', () => {
    const homes = new Set(HOME_PLACES.map((p) => p.country));
    for (const place of FOREIGN_PLACES) expect(homes.has(place.country), place.id).toBe(false);
  });

  it('measures distances', () => {
    expect(distanceKm(placeById('gb-london'), placeById('us-new-york'))).toBeGreaterThan(5_500);
    expect(distanceKm(placeById('gb-london'), placeById('us-new-york'))).toBeLessThan(5_600);
  });
});
