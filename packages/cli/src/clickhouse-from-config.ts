import { createClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import type { IngestConfig } from '@tokenwatch/ingest';
import { clickhouseDataPath, resolveHome } from './runtime-paths';

/** The ClickHouse the configuration names: a server at CLICKHOUSE_URL, or embedded chDB under the home. */
export function clickhouseFromConfig(config: IngestConfig): Promise<ClickHouse> {
  return createClickHouse({
    url: config.CLICKHOUSE_URL,
    dataPath: clickhouseDataPath(resolveHome(config.TOKENWATCH_HOME), config.CLICKHOUSE_PATH),
    database: config.CLICKHOUSE_DATABASE,
    username: config.CLICKHOUSE_USER,
    password: config.clickhousePassword?.reveal(),
    caCert: config.clickhouseCa,
  });
}
