import { createRequire } from 'node:module';
import type { Lookup } from 'geoip-lite';
import type { GeoBackend } from '../src/index';

type GeoipLite = { lookup(ip: string): Lookup | null };
let loaded: GeoipLite | undefined;

/**
 * geoip-lite (its bundled 2019-08 GeoLite2 data) as a GeoBackend, for comparing it with the current
 * data; a dev dependency only. It knows no prefix lengths, so answers are cached per address.
 */
export const geoipLiteBackend: GeoBackend = (ip) => {
  loaded ??= createRequire(import.meta.url)('geoip-lite') as GeoipLite;
  const raw = loaded.lookup(ip.text);
  if (!raw || !raw.country) return { value: null, prefixLength: ip.version === 4 ? 32 : 128 };
  const [lat, lon] = raw.ll ?? [];
  return {
    value: {
      country: raw.country,
      region: raw.region || null,
      city: raw.city || null,
      lat: typeof lat === 'number' && Number.isFinite(lat) ? lat : null,
      lon: typeof lon === 'number' && Number.isFinite(lon) ? lon : null,
      accuracyKm: typeof raw.area === 'number' && raw.area > 0 ? raw.area : null,
    },
    prefixLength: ip.version === 4 ? 32 : 128,
  };
};
