import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, type ClickHouse } from './clickhouse.client';
import { migrate, type MigrateOptions } from './schema.migrator';

/** A random database name, e.g. `tw_test_3f9a0c1b2d4e`. */
export function randomDatabaseName(prefix = 'tw_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestClickHouse extends ClickHouse {
  dataPath: string;
  /** Closes the client and removes the temporary chDB folder. */
  dispose(): Promise<void>;
}

/**
 * Embedded ClickHouse for a test file: a fresh chDB folder under the OS temp dir and a random
 * database, migrated unless `migrate: false`. chDB allows one folder per process; open one per
 * test file and use `createClickHouse({ dataPath: ch.dataPath, database: randomDatabaseName() })`
 * for more databases in the same file.
 */
export async function createTestClickHouse(opts: { migrate?: boolean | MigrateOptions; database?: string } = {}): Promise<TestClickHouse> {
  const dataPath = mkdtempSync(join(tmpdir(), 'tokenwatch-chdb-'));
  const ch = await createClickHouse({ dataPath, database: opts.database ?? randomDatabaseName() });
  if (opts.migrate !== false) await migrate(ch, typeof opts.migrate === 'object' ? opts.migrate : {});
  return {
    ...ch,
    dataPath,
    async dispose() {
      await ch.close();
      rmSync(dataPath, { recursive: true, force: true });
    },
  };
}
