import type { AccessEvent } from '@tokenwatch/contracts';

export interface PathStop {
  /** First request at this place within the stop. */
  ts: number;
  lat: number;
  lon: number;
  country: string | null;
  city: string | null;
  requests: number;
  /** true for the token's last located request before the alert window (where it came from). */
  before: boolean;
}

const samePlace = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  Math.round(a.lat * 10) === Math.round(b.lat * 10) && Math.round(a.lon * 10) === Math.round(b.lon * 10);

/**
 * The places an alert's requests went through, in time order (pure): consecutive requests from one
 * place make one stop; the token's last located request before the window starts the path.
 */
export function alertPath(
  evidence: readonly AccessEvent[],
  before: { ts: number; lat: number; lon: number; country: string | null; city: string | null } | null,
): PathStop[] {
  const stops: PathStop[] = before ? [{ ...before, requests: 1, before: true }] : [];
  const located = evidence
    .flatMap((e) =>
      e.geo && e.geo.lat !== null && e.geo.lon !== null ? [{ e, lat: e.geo.lat, lon: e.geo.lon, country: e.geo.country, city: e.geo.city }] : [],
    )
    .sort((a, b) => a.e.ts - b.e.ts || (a.e.id < b.e.id ? -1 : 1));
  for (const { e, ...place } of located) {
    const last = stops.at(-1);
    if (last && !last.before && samePlace(last, place)) last.requests += 1;
    else stops.push({ ts: e.ts, ...place, requests: 1, before: false });
  }
  return stops;
}
