import type { z } from 'zod';
import type { RetryPolicy } from '@tokenwatch/common';

/**
 * Who retries a transient failure: the runner with this policy (default DEFAULT_QUERY_RETRY), or
 * `'caller'` (one attempt): for a durable write whose caller already retries it, such as a
 * batch writer's `write`, so that attempts do not multiply.
 */
export type StatementRetry = RetryPolicy | 'caller';

/** Query parameters: the `{name:Type}` placeholders of the SQL (`db` is added by the runner). */
export type ParamsSchema = z.ZodType<Record<string, unknown>>;

/** A SELECT: its rows (JSONEachRow) are checked and shaped by `row`. */
export interface SelectStatement<P extends ParamsSchema, R extends z.ZodType> {
  readonly kind: 'select';
  readonly name: string;
  readonly sql: string;
  readonly params: P;
  readonly row: R;
  readonly retry?: StatementRetry;
}

/** A statement without rows (DDL, ALTER, OPTIMIZE). */
export interface CommandStatement<P extends ParamsSchema> {
  readonly kind: 'command';
  readonly name: string;
  /**
   * SQL with `{name:Type}` placeholders, or built from the checked parameters and the validated
   * database name, for DDL that takes no query parameters; then the parameters are not sent.
   */
  readonly sql: string | ((params: z.output<P>, database: string) => string);
  readonly params: P;
  readonly retry?: StatementRetry;
}

/** An INSERT into `<database>.<table>` of the listed columns. */
export interface InsertStatement<Row, C extends readonly (keyof Row & string)[]> {
  readonly kind: 'insert';
  readonly name: string;
  readonly table: string;
  readonly columns: C;
  readonly retry?: StatementRetry;
}

/**
 * What an insert sends: row objects (JSONEachRow, any mode), or JSONCompactEachRow lines already
 * encoded in `columns` order (embedded chDB only, see `ClickHouse.insertEncoded`).
 */
export type InsertInput<Row> = { rows: readonly Row[] } | { compact: Buffer };

/** One value per column, in the order of the column array: the type of a JSONCompactEachRow line. */
export type ColumnTuple<Row, C extends readonly (keyof Row)[]> = { -readonly [K in keyof C]: Row[C[K]] };

/** Compiles only when the column array names every field of Row. */
type EveryColumn<Row, C extends readonly (keyof Row & string)[]> = [Exclude<keyof Row, C[number]>] extends [never]
  ? unknown
  : { missingColumns: Exclude<keyof Row, C[number]> };

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

function named(name: string): string {
  if (!NAME.test(name)) throw new Error(`statement name ${JSON.stringify(name)} must look like table.action (lower_snake, dotted)`);
  return name;
}

export function defineSelect<P extends ParamsSchema, R extends z.ZodType>(spec: Omit<SelectStatement<P, R>, 'kind'>): SelectStatement<P, R> {
  return { kind: 'select', ...spec, name: named(spec.name) };
}

export function defineCommand<P extends ParamsSchema>(spec: Omit<CommandStatement<P>, 'kind'>): CommandStatement<P> {
  return { kind: 'command', ...spec, name: named(spec.name) };
}

/** `defineInsert<AlertRow>()({ name, table, columns })`: the columns must cover every field of the row type. */
export function defineInsert<Row>() {
  return <const C extends readonly (keyof Row & string)[]>(spec: Omit<InsertStatement<Row, C>, 'kind'> & EveryColumn<Row, C>): InsertStatement<Row, C> => ({
    kind: 'insert',
    name: named(spec.name),
    table: spec.table,
    columns: spec.columns,
    retry: spec.retry,
  });
}
