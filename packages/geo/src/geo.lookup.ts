import type { GeoLocation } from '@tokenwatch/contracts';
import { isPrivateOrReserved } from '@tokenwatch/formats';
import { geoipLiteBackend, type GeoBackend } from './geoip-lite.backend';
import { LruCache } from './lru.cache';

export interface GeoLookupOptions {
  /** Addresses remembered (answers, including "unknown"); default 50 000 (a few MB). */
  cacheSize?: number;
  /** The database; default geoip-lite. Tests inject their own. */
  backend?: GeoBackend;
}

export interface GeoLookupStats {
  hits: number;
  misses: number;
  size: number;
}

export interface GeoLookup {
  /** Location of an address; null for private/reserved addresses, unknown ones and a null ip. */
  lookup(ip: string | null | undefined): GeoLocation | null;
  stats(): GeoLookupStats;
}

const NONE = null;

/** IP -> { country, region, city, lat, lon, accuracyKm } through a bounded LRU cache. */
export function createGeoLookup(options: GeoLookupOptions = {}): GeoLookup {
  const backend = options.backend ?? geoipLiteBackend;
  const cache = new LruCache<string, GeoLocation | typeof NONE>(options.cacheSize ?? 50_000);
  let hits = 0;
  let misses = 0;
  return {
    lookup(ip) {
      if (!ip) return null;
      const cached = cache.get(ip);
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const location = isPrivateOrReserved(ip) ? NONE : toLocation(backend(ip));
      cache.set(ip, location);
      return location;
    },
    stats: () => ({ hits, misses, size: cache.size }),
  };
}

function toLocation(raw: ReturnType<GeoBackend>): GeoLocation | null {
  if (!raw || !raw.country) return null;
  const [lat, lon] = raw.ll ?? [];
  return Object.freeze({
    country: raw.country,
    region: raw.region || null,
    city: raw.city || null,
    lat: typeof lat === 'number' && Number.isFinite(lat) ? lat : null,
    lon: typeof lon === 'number' && Number.isFinite(lon) ? lon : null,
    accuracyKm: typeof raw.area === 'number' && raw.area > 0 ? raw.area : null,
  });
}
