import { parseArgs } from 'node:util';
import { migrate } from '@tokenwatch/clickhouse';
import { loadIngestConfig } from '@tokenwatch/ingest';
import { ExitCode } from '../cli-error';
import { clickhouseFromConfig } from '../clickhouse-from-config';

/** `tokenwatch migrate`: applies pending ClickHouse migrations and reports what it did. */
export async function migrateCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  const config = loadIngestConfig(process.env);
  const ch = await clickhouseFromConfig(config);
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
