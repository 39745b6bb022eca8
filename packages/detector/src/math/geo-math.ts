const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A 2°×2° grid cell (about 220 km), 1-based so that 0 can mean "empty". */
export function placeCell(lat: number, lon: number): number {
  const row = Math.min(89, Math.max(0, Math.floor((lat + 90) / 2)));
  const col = Math.min(179, Math.max(0, Math.floor((lon + 180) / 2)));
  return row * 180 + col + 1;
}
