export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface TimedPoint extends GeoPoint {
  /** Epoch ms. */
  ts: number;
}

/** The mean Earth radius the detector's travel checks and the simulator's trips have always used. */
export const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km between two coordinates (haversine); four numbers, so no point objects on a hot path. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in km between two points (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
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
