import { randomUUID } from 'node:crypto';
import type { ClickHouseSettings } from '@clickhouse/client';
import { retry as retrying, type RetryPolicy } from '@tokenwatch/common';
import { z } from 'zod';
import type { ClickHouse } from '../clickhouse.client';
import { isTransientClickHouseError } from '../transient.errors';
import { ClickHouseQueryError, type QueryFailure, type QueryResult } from './query.error';
import type { CommandStatement, InsertInput, InsertStatement, ParamsSchema, SelectStatement, StatementRetry } from './statement';

/** Reads and DDL: a few quick tries, so that a blip of an overloaded server does not fail a request. */
export const DEFAULT_QUERY_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };
const ONE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RunOptions {
  /** Settings of this call (server: URL parameters; chDB: `SET` statements that stay set, so rarely). */
  settings?: ClickHouseSettings;
  /** Overrides the statement's own retry. */
  retry?: StatementRetry;
  onRetry?(info: { query: string; attempt: number; delayMs: number; error: unknown }): void;
}

type AnyStatement = SelectStatement<ParamsSchema, z.ZodType> | CommandStatement<ParamsSchema> | InsertStatement<Record<string, unknown>, readonly string[]>;

/**
 * Runs one named statement: the one place that talks to `ch.client` (and `ch.insertEncoded`).
 * Checks the parameters, tags the call with the statement's name (`query_id` `<name>:<uuid>`, and
 * `log_comment` on a server), retries transient errors (`isTransientClickHouseError`, by ClickHouse
 * error code) with backoff and full jitter, checks and shapes every row of a SELECT, and returns a
 * result whose error is a ClickHouseQueryError naming the statement.
 */
export function runQuery<P extends ParamsSchema, R extends z.ZodType>(
  ch: ClickHouse,
  statement: SelectStatement<P, R>,
  params: z.input<P>,
  opts?: RunOptions,
): Promise<QueryResult<z.output<R>[]>>;
export function runQuery<P extends ParamsSchema>(
  ch: ClickHouse,
  statement: CommandStatement<P>,
  params: z.input<P>,
  opts?: RunOptions,
): Promise<QueryResult<void>>;
export function runQuery<Row, C extends readonly (keyof Row & string)[]>(
  ch: ClickHouse,
  statement: InsertStatement<Row, C>,
  input: InsertInput<Row>,
  opts?: RunOptions,
): Promise<QueryResult<void>>;
export async function runQuery(ch: ClickHouse, statement: AnyStatement, input: unknown, opts: RunOptions = {}): Promise<QueryResult<unknown>> {
  const queryId = `${statement.name}:${randomUUID()}`;
  const fail = (failure: QueryFailure, retriable: boolean, attempts: number, cause: unknown): QueryResult<never> => ({
    ok: false,
    error: new ClickHouseQueryError(statement.name, failure, retriable, attempts, queryId, cause),
  });

  let send: (attemptId: string) => Promise<unknown>;
  try {
    send = prepare(ch, statement, input, opts.settings);
  } catch (err) {
    return fail('invalid_params', false, 0, err instanceof z.ZodError ? new TypeError(`parameters${describeIssue(err.issues[0])}`) : err);
  }
  const retry = opts.retry ?? statement.retry ?? DEFAULT_QUERY_RETRY;
  let attempts = 0;
  let rows: unknown;
  try {
    rows = await retrying(
      (attempt) => {
        attempts = attempt;
        return send(attempt === 1 ? queryId : `${queryId}:${attempt}`);
      },
      retry === 'caller' ? ONE_ATTEMPT : retry,
      {
        sleep,
        isRetriable: isTransientClickHouseError,
        onRetry: opts.onRetry && ((info) => opts.onRetry?.({ query: statement.name, ...info })),
      },
    );
  } catch (err) {
    return fail('clickhouse', isTransientClickHouseError(err), attempts, err);
  }
  if (statement.kind !== 'select') return { ok: true, value: undefined };

  const list = rows as unknown[];
  const out: unknown[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    let parsed: ReturnType<typeof statement.row.safeParse>;
    try {
      parsed = statement.row.safeParse(list[i]);
    } catch (err) {
      // A row transform that validates further (a contract's parse) throws its own error.
      return fail('invalid_row', false, attempts, err);
    }
    if (!parsed.success) return fail('invalid_row', false, attempts, new TypeError(`row ${i}${describeIssue(parsed.error.issues[0])}`));
    out[i] = parsed.data;
  }
  return { ok: true, value: out };
}

/** ` at a.b: message` of a zod issue. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/** Validates the input and returns the call for one attempt; throws on invalid parameters. */
function prepare(ch: ClickHouse, statement: AnyStatement, input: unknown, settings: ClickHouseSettings | undefined): (queryId: string) => Promise<unknown> {
  // chDB turns every setting into a `SET` that outlives the query: a log_comment would tag the next
  // queries too. chDB keeps no query log, so there the name lives in query_id and errors only.
  const tagged: ClickHouseSettings | undefined =
    ch.mode === 'server' ? { log_comment: statement.name, ...settings } : settings && Object.keys(settings).length > 0 ? settings : undefined;
  const withSettings = tagged ? { clickhouse_settings: tagged } : {};

  if (statement.kind === 'insert') {
    const table = `${ch.database}.${statement.table}`;
    const data = input as InsertInput<unknown>;
    if ('compact' in data) {
      const insertEncoded = ch.insertEncoded;
      if (!insertEncoded) throw new TypeError('an encoded insert needs embedded chDB (ClickHouse.insertEncoded)');
      const stringSettings = settings && Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]));
      return () => insertEncoded({ table, columns: statement.columns, format: 'JSONCompactEachRow', payload: data.compact, settings: stringSettings });
    }
    if (data.rows.length === 0) return async () => undefined;
    const values = data.rows as unknown[];
    return (query_id) =>
      ch.client.insert({ table, values, columns: [...statement.columns] as [string, ...string[]], format: 'JSONEachRow', query_id, ...withSettings });
  }

  const params = statement.params.parse(input);
  if (statement.kind === 'command' && typeof statement.sql === 'function') {
    const query = statement.sql(params, ch.database);
    return (query_id) => ch.client.command({ query, query_id, ...withSettings });
  }
  const query = statement.sql as string;
  const queryParams = query.includes('{db:Identifier}') ? { db: ch.database, ...params } : params;
  const withParams = Object.keys(queryParams).length > 0 ? { query_params: queryParams } : {};
  if (statement.kind === 'command') return (query_id) => ch.client.command({ query, query_id, ...withParams, ...withSettings });
  return async (query_id) => {
    const rs = await ch.client.query({ query, format: 'JSONEachRow', query_id, ...withParams, ...withSettings });
    return rs.json<unknown>();
  };
}
