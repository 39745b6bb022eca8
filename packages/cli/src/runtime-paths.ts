import { resolve } from 'node:path';

/** The state folder (Kafka data, chDB data, generated keys), relative to the working directory. */
export function resolveHome(configuredHome: string): string {
  return resolve(configuredHome);
}

/** The chDB data folder: CLICKHOUSE_PATH when set, else <home>/clickhouse. */
export const clickhouseDataPath = (home: string, configured?: string): string => resolve(configured ?? resolve(home, 'clickhouse'));
