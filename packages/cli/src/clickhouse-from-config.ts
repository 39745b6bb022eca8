import { createClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import type { ClickHouseSettings } from './config/load-config';

/** The ClickHouse the configuration names: a server at CLICKHOUSE_URL, or embedded chDB under the home. */
export function openClickHouse(settings: ClickHouseSettings): Promise<ClickHouse> {
  return createClickHouse({
    url: settings.url,
    dataPath: settings.dataPath,
    database: settings.database,
    username: settings.username,
    password: settings.password?.reveal(),
    caCert: settings.caCert,
  });
}
