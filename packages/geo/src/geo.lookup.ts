import type { GeoLocation } from '@tokenwatch/contracts';
import { createMmdbCityBackend, type GeoBackend } from './city/mmdb-city.backend';
import { citySource } from './data/data.files';
import { createPrefixCachedLookup, type PrefixCacheStats } from './prefix.cache';

export interface GeoLookupOptions {
  /** Cache entries (a /24 or /48 block, or an address where the data splits its block); default 50 000 (a few MB). */
  cacheSize?: number;
  /** The database; default the installed DB-IP Lite city data, or the MaxMind mmdb named by TOKENWATCH_GEO_CITY_MMDB. Tests inject their own. */
  backend?: GeoBackend;
}

export type GeoLookupStats = PrefixCacheStats;

export interface GeoLookup {
  /** Location of an address; null for private/reserved addresses, unknown ones and a null ip. */
  lookup(ip: string | null | undefined): GeoLocation | null;
  stats(): GeoLookupStats;
}

/** IP -> { country, region, city, lat, lon, accuracyKm } through a bounded cache keyed by /24 (IPv4) or /48 (IPv6) where the data allows. */
export function createGeoLookup(options: GeoLookupOptions = {}): GeoLookup {
  return createPrefixCachedLookup(options.backend ?? defaultCityBackend, options.cacheSize ?? 50_000);
}

let installed: GeoBackend | undefined;

/** The configured city data, opened on the first lookup of each address family (one shared reader per process). */
const defaultCityBackend: GeoBackend = (ip) => {
  installed ??= createMmdbCityBackend(citySource().files);
  return installed(ip);
};
