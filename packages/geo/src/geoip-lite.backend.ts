import { createRequire } from 'node:module';
import type { Lookup } from 'geoip-lite';

/** One raw lookup: geoip-lite's result shape (`area` is the accuracy radius in km), or null. */
export type GeoBackend = (ip: string) => Pick<Lookup, 'country' | 'region' | 'city' | 'll' | 'area'> | null;

type GeoipLite = { lookup(ip: string): Lookup | null };
let loaded: GeoipLite | undefined;

/**
 * geoip-lite, loaded on first use: it reads ~110 MB of data files synchronously when required,
 * so importing @tokenwatch/geo for distances or the UA helpers costs nothing until a lookup happens.
 */
export const geoipLiteBackend: GeoBackend = (ip) => {
  loaded ??= createRequire(import.meta.url)('geoip-lite') as GeoipLite;
  return loaded.lookup(ip);
};
