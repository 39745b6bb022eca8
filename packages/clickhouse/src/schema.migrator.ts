import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenwatchError } from '@tokenwatch/common';
import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineCommand, defineInsert, defineSelect, runQuery, unwrap } from './query';
import { chNumber } from './query/row-values';
import { describeError } from './setup.error';
import { splitSqlStatements } from './sql-statements';

/** This package's schema/ folder. */
export const DEFAULT_SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));
export const DEFAULT_ACCESS_EVENTS_TTL_DAYS = 30;

export interface MigrateOptions {
  /** Retention of access_events in days (integer 1..7300); default 30. */
  accessEventsTtlDays?: number;
  onApplied?(name: string): void;
  /** Folder of `NNN_name.sql` files; default: this package's schema/. */
  schemaDir?: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export interface MigrationFile {
  /** File name without `.sql`, e.g. `001_access_events`; the ledger key. */
  name: string;
  number: number;
  checksum: string;
  sql: string;
}

export class MigrationError extends TokenwatchError {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly migration?: string,
    cause?: unknown,
  ) {
    super(message, { code: 'CLICKHOUSE_MIGRATION_FAILED', cause, context: migration === undefined ? {} : { migration } });
  }
}

const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

const LEDGER_SQL = `CREATE TABLE IF NOT EXISTS {{database}}.schema_migrations
(
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY name`;

const CREATE_LEDGER = defineCommand({
  name: 'schema_migrations.create',
  params: z.object({}),
  sql: (_params, database) => renderSql(LEDGER_SQL, database),
});

const READ_LEDGER = defineSelect({
  name: 'schema_migrations.read',
  sql: `SELECT name, argMax(checksum, applied_at) AS checksum
FROM {db:Identifier}.schema_migrations
GROUP BY name`,
  params: z.object({}),
  row: z.object({ name: z.string(), checksum: z.string() }),
});

const TABLE_COUNT = defineSelect({
  name: 'system_tables.count',
  sql: 'SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {table:String}',
  params: z.object({ db: z.string(), table: z.string() }),
  row: z.object({ n: chNumber }),
});

const READ_ENGINE = defineSelect({
  name: 'system_tables.engine',
  sql: 'SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {table:String}',
  params: z.object({ db: z.string(), table: z.string() }),
  row: z.object({ engine_full: z.string() }),
});

/** One statement of a migration file, already rendered (a migration's SQL takes no query parameters). */
const APPLY_STATEMENT = defineCommand({
  name: 'schema_migrations.apply_statement',
  params: z.object({ statement: z.string().min(1) }),
  sql: ({ statement }) => statement,
});

interface LedgerRow {
  name: string;
  checksum: string;
}

const RECORD_MIGRATION = defineInsert<LedgerRow>()({ name: 'schema_migrations.record', table: 'schema_migrations', columns: ['name', 'checksum'] });

const SET_TTL = defineCommand({
  name: 'access_events.set_ttl',
  params: z.object({ days: z.number().int().positive() }),
  // `days` is a checked integer; DDL takes no query parameters here.
  sql: ({ days }, database) => `ALTER TABLE \`${database}\`.access_events MODIFY TTL toDateTime(ts) + toIntervalDay(${days})`,
});

/**
 * Applies the numbered SQL files in order, once each, recording them in `schema_migrations`.
 * Every checksum is verified before anything runs: an applied file that changed is an error.
 * Then the access_events TTL is set to `accessEventsTtlDays` when it differs.
 */
export async function migrate(ch: ClickHouse, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const ttlDays = assertTtlDays(opts.accessEventsTtlDays ?? DEFAULT_ACCESS_EVENTS_TTL_DAYS);
  const files = await loadMigrations(opts.schemaDir ?? DEFAULT_SCHEMA_DIR);
  unwrap(await runQuery(ch, CREATE_LEDGER, {}));
  const ledger = await readLedger(ch);

  for (const file of files) {
    const recorded = ledger.get(file.name);
    if (recorded !== undefined && recorded !== file.checksum) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied (checksum ${recorded.slice(0, 12)} in ${ch.database}.schema_migrations, ${file.checksum.slice(0, 12)} on disk); restore the file and put the change in a new migration`,
        file.name,
      );
    }
  }

  const result: MigrateResult = { applied: [], skipped: [] };
  for (const file of files) {
    if (ledger.has(file.name)) {
      result.skipped.push(file.name);
      continue;
    }
    await applyMigration(ch, file);
    result.applied.push(file.name);
    opts.onApplied?.(file.name);
  }
  await ensureAccessEventsTtl(ch, ttlDays);
  return result;
}

/** Reads, orders and checksums the migration files of a folder. */
export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql'));
  const files: MigrationFile[] = [];
  const seen = new Map<number, string>();
  for (const fileName of names) {
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new MigrationError(`migration file ${fileName} must be named NNN_lower_snake_name.sql`, fileName);
    }
    const number = Number(match[1]);
    const clash = seen.get(number);
    if (clash !== undefined) throw new MigrationError(`migrations ${clash} and ${fileName} share number ${number}`, fileName);
    seen.set(number, fileName);
    const sql = (await readFile(join(dir, fileName), 'utf8')).replace(/\r\n/g, '\n');
    const checksum = createHash('sha256').update(sql).digest('hex');
    files.push({ name: fileName.slice(0, -'.sql'.length), number, checksum, sql });
  }
  return files.sort((a, b) => a.number - b.number);
}

/** Substitutes `{{database}}` (an already validated identifier); any other placeholder is an error. */
export function renderSql(sql: string, database: string): string {
  return sql.replace(PLACEHOLDER, (whole, key: string) => {
    if (key !== 'database') throw new MigrationError(`unknown placeholder ${whole} in migration SQL`);
    return `\`${database}\``;
  });
}

async function applyMigration(ch: ClickHouse, file: MigrationFile): Promise<void> {
  const statements = splitSqlStatements(renderSql(file.sql, ch.database));
  for (const [index, statement] of statements.entries()) {
    const applied = await runQuery(ch, APPLY_STATEMENT, { statement });
    if (!applied.ok) {
      throw new MigrationError(
        `migration ${file.name} failed at statement ${index + 1} of ${statements.length}: ${describeError(applied.error.cause)}`,
        file.name,
        applied.error,
      );
    }
  }
  unwrap(await runQuery(ch, RECORD_MIGRATION, { rows: [{ name: file.name, checksum: file.checksum }] }));
}

async function readLedger(ch: ClickHouse): Promise<Map<string, string>> {
  const rows = unwrap(await runQuery(ch, READ_LEDGER, {}));
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/**
 * Migration files of `schemaDir` (default: this package's) that the database's schema_migrations
 * ledger does not list; all of them when the ledger does not exist yet. Reads only.
 */
export async function pendingMigrations(ch: ClickHouse, opts: { schemaDir?: string } = {}): Promise<string[]> {
  const files = await loadMigrations(opts.schemaDir ?? DEFAULT_SCHEMA_DIR);
  const [ledgerTable] = unwrap(await runQuery(ch, TABLE_COUNT, { db: ch.database, table: 'schema_migrations' }));
  if ((ledgerTable?.n ?? 0) === 0) return files.map((f) => f.name);
  const ledger = await readLedger(ch);
  return files.filter((f) => !ledger.has(f.name)).map((f) => f.name);
}

/**
 * The access_events TTL in days as stored by ClickHouse: null when the table has no day-based
 * TTL, undefined when the table does not exist.
 */
export async function readAccessEventsTtlDays(ch: ClickHouse): Promise<number | null | undefined> {
  const [row] = unwrap(await runQuery(ch, READ_ENGINE, { db: ch.database, table: 'access_events' }));
  if (row === undefined) return undefined;
  const days = /\bTTL\b.*toIntervalDay\((\d+)\)/.exec(row.engine_full)?.[1];
  return days === undefined ? null : Number(days);
}

async function ensureAccessEventsTtl(ch: ClickHouse, days: number): Promise<void> {
  const current = await readAccessEventsTtlDays(ch);
  if (current === undefined || current === days) return;
  unwrap(await runQuery(ch, SET_TTL, { days }));
}

// ClickHouse DateTime ends in 2106: an event time plus a longer TTL overflows, and the row is dropped on insert.
/** The longest access_events retention migrate() accepts: 20 years (and ts + TTL within DateTime's 2106). */
export const MAX_ACCESS_EVENTS_TTL_DAYS = 7_300;

function assertTtlDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ACCESS_EVENTS_TTL_DAYS) {
    throw new MigrationError(`accessEventsTtlDays must be an integer from 1 to ${MAX_ACCESS_EVENTS_TTL_DAYS} (20 years), got ${String(days)}`);
  }
  return days;
}
