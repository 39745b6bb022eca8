import { parseArgs } from 'node:util';
import { createClickHouse, migrate } from '@tokenwatch/clickhouse';
import { loadIngestConfig } from '@tokenwatch/ingest';
import { ExitCode } from '../cli-error';
import { clickhouseDataPath, resolveHome } from '../runtime-paths';

/** `tokenwatch migrate`: applies pending ClickHouse migrations and reports what it did. */
export async function migrateCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  const config = loadIngestConfig(process.env);
  const ch = await createClickHouse({
    url: config.CLICKHOUSE_URL,
    dataPath: clickhouseDataPath(resolveHome(config.TOKENWATCH_HOME), config.CLICKHOUSE_PATH),
    database: config.CLICKHOUSE_DATABASE,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
  });
  try {
    const result = await migrate(ch, {
      accessEventsTtlDays: config.TOKENWATCH_RETENTION_DAYS,
      onApplied: (name) => process.stderr.write(`applied ${name}\n`),
    });
    process.stdout.write(`migrations: ${result.applied.length} applied, ${result.skipped.length} already applied (database ${ch.database}, ${ch.mode})\n`);
    return ExitCode.ok;
  } finally {
    await ch.close();
  }
}
