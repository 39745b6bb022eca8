import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export interface GeoDataInfo {
  source: 'geoip-lite';
  packageVersion: string | null;
  /** The folder geoip-lite reads (GEODATADIR, else the package's own data folder). */
  dataDir: string;
  /**
   * When the data files were last written (newest `*.dat` mtime, ISO-8601): the `updatedb` time
   * after a refresh. For the bundled data this is the install time; the data itself is at least
   * as old as the geoip-lite release (`packageVersion`).
   */
  dataUpdatedAt: string | null;
}

/** Where the GeoIP data comes from and how fresh it is, for /healthz. Never throws. */
export function geoDataInfo(env: Record<string, string | undefined> = process.env): GeoDataInfo {
  let packageDir: string | undefined;
  let packageVersion: string | null = null;
  try {
    const packageJson = createRequire(import.meta.url).resolve('geoip-lite/package.json');
    packageDir = dirname(packageJson);
    packageVersion = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    // not installed: reported as unknown
  }
  const dataDir = env['GEODATADIR'] ? resolve(env['GEODATADIR']) : packageDir ? join(packageDir, 'data') : '';
  let newest: number | undefined;
  try {
    for (const file of readdirSync(dataDir)) {
      if (!file.endsWith('.dat')) continue;
      const mtime = statSync(join(dataDir, file)).mtimeMs;
      if (newest === undefined || mtime > newest) newest = mtime;
    }
  } catch {
    // missing folder: unknown date
  }
  return { source: 'geoip-lite', packageVersion, dataDir, dataUpdatedAt: newest === undefined ? null : new Date(newest).toISOString() };
}
