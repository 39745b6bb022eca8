import { readFileSync } from 'node:fs';
import type { GeoLocation } from '@tokenwatch/contracts';
import { Reader, type Response } from 'mmdb-lib';
import { LruCache, type IpAddress } from '@tokenwatch/common';
import type { PrefixAnswer } from '../prefix.cache';

/** One raw city lookup for a public address: the location and the prefix length of the data's network. */
export type GeoBackend = (ip: IpAddress) => PrefixAnswer<GeoLocation>;

/** City databases to read: one file for both families (MaxMind), or one per family (ip-location-db). */
export type CityDatabaseFiles = { both: string } | { ipv4: string; ipv6: string };

/**
 * A city record in either layout: ip-location-db's flat one (`country_code`, `state1`, `city`,
 * `latitude`, `longitude`: DB-IP Lite, GeoLite2 as converted by ip-location-db) or MaxMind's nested
 * GeoIP2/GeoLite2 City one (which carries `location.accuracy_radius`).
 */
interface CityRecord {
  country_code?: string;
  state1?: string;
  city?: string | { names?: { en?: string } };
  latitude?: number;
  longitude?: number;
  country?: { iso_code?: string };
  subdivisions?: Array<{ iso_code?: string; names?: { en?: string } }>;
  location?: { latitude?: number; longitude?: number; accuracy_radius?: number };
}

type CityReader = Reader<Response>;

/**
 * Records decoded per reader, by data-section offset. Many networks share one city record, so this
 * spares most of the decoding (the bulk of an uncached lookup); a few MB at most.
 */
const DECODED_RECORDS = 20_000;

/** Opens an mmdb file (read whole into memory; the format is a search tree plus a data section). */
export function openMmdb(path: string): CityReader {
  return new Reader<Response>(readFileSync(path), { cache: new LruCache<string | number, unknown>(DECODED_RECORDS) });
}

/**
 * A GeoBackend over mmdb city databases, each file opened on its first lookup (so an IPv4-only
 * workload never reads the IPv6 file). Reads both layouts: ip-location-db's flat records and MaxMind's
 * nested ones (which carry the accuracy radius).
 */
export function createMmdbCityBackend(files: CityDatabaseFiles): GeoBackend {
  let v4: CityReader | undefined;
  let v6: CityReader | undefined;
  const readerFor = (version: 4 | 6): CityReader => {
    if ('both' in files) return (v4 ??= v6 ??= openMmdb(files.both));
    if (version === 4) return (v4 ??= openMmdb(files.ipv4));
    return (v6 ??= openMmdb(files.ipv6));
  };
  // The decoder cache hands back the same record object for a shared record: convert it once.
  const locations = new WeakMap<object, GeoLocation | null>();
  return (ip) => {
    const [record, prefixLength] = readerFor(ip.version).getWithPrefixLength(ip.text);
    if (!record) return { value: null, prefixLength };
    let location = locations.get(record);
    if (location === undefined) {
      location = toLocation(record as unknown as CityRecord);
      locations.set(record, location);
    }
    return { value: location, prefixLength };
  };
}

/** 4 decimals of a degree: about 11 m, well below any geo database's precision (drops float32 noise). */
const round4 = (x: number | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

export function toLocation(record: CityRecord): GeoLocation | null {
  const country = (record.country_code ?? record.country?.iso_code) || null;
  if (!country) return null;
  const subdivision = record.subdivisions?.[0];
  const radius = record.location?.accuracy_radius;
  return Object.freeze({
    country,
    region: (record.state1 ?? subdivision?.names?.en ?? subdivision?.iso_code) || null,
    city: (typeof record.city === 'string' ? record.city : record.city?.names?.en) || null,
    lat: round4(record.latitude ?? record.location?.latitude),
    lon: round4(record.longitude ?? record.location?.longitude),
    accuracyKm: typeof radius === 'number' && radius > 0 ? radius : null,
  });
}
