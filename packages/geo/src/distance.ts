export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface TimedPoint extends GeoPoint {
  /** Epoch ms. */
  ts: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The distance that is certain given each point's accuracy radius: geo databases place many
 * addresses at a country or city centroid, so impossible-travel checks should not count the radii.
 */
export function minimumDistanceKm(a: GeoPoint & { accuracyKm?: number | null }, b: GeoPoint & { accuracyKm?: number | null }): number {
  return Math.max(0, distanceKm(a, b) - (a.accuracyKm ?? 0) - (b.accuracyKm ?? 0));
}

/**
 * Travel speed between two sightings in km/h (order does not matter). Zero elapsed time gives
 * Infinity for two different places and 0 for the same place.
 */
export function speedKmh(a: TimedPoint, b: TimedPoint, distance: number = distanceKm(a, b)): number {
  const hours = Math.abs(b.ts - a.ts) / 3_600_000;
  if (hours === 0) return distance === 0 ? 0 : Infinity;
  return distance / hours;
}
