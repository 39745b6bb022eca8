import { parseArgs } from 'node:util';
import { ExitCode } from '../cli-error';
import type { Config } from '../config/load-config';
import { openRuntime } from '../runtime/open-runtime';

/** `tokenwatch migrate`: applies pending ClickHouse migrations and reports what it did. */
export async function migrateCommand(args: string[], config: Config): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  const rt = await openRuntime(config, {
    name: 'tokenwatch-migrate',
    needs: ['clickhouse'],
    clickhouse: { mode: 'migrate', onApplied: (name) => process.stderr.write(`applied ${name}\n`) },
  });
  try {
    const ch = await rt.clickhouse();
    const result = rt.migrations!;
    process.stdout.write(`migrations: ${result.applied.length} applied, ${result.skipped.length} already applied (database ${ch.database}, ${ch.mode})\n`);
    return ExitCode.ok;
  } finally {
    await rt.close();
  }
}
