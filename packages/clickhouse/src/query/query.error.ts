import { TokenwatchError } from '@tokenwatch/common';
import { describeError } from '../setup.error';
import { clickHouseErrorCode } from '../transient.errors';

/** Why a named statement failed: ClickHouse or the transport, its parameters, or a row it returned. */
export type QueryFailure = 'clickhouse' | 'invalid_params' | 'invalid_row';

/**
 * A named ClickHouse statement that failed for good: after its retries for a transient error, at
 * once otherwise. `query` is the statement's name (also the prefix of `queryId`), `retriable`
 * whether trying later may succeed, `clickhouseCode` the ClickHouse error code when there is one;
 * `context` carries all of them for logs.
 */
export class ClickHouseQueryError extends TokenwatchError {
  readonly clickhouseCode: number | undefined;

  constructor(
    readonly query: string,
    readonly failure: QueryFailure,
    retriable: boolean,
    readonly attempts: number,
    readonly queryId: string,
    cause: unknown,
  ) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const clickhouseCode = clickHouseErrorCode(cause);
    super(`ClickHouse ${query} failed${tries}: ${describeError(cause)}`, {
      code: 'CLICKHOUSE_QUERY_FAILED',
      retriable,
      cause,
      context: { query, queryId, failure, attempts, ...(clickhouseCode !== undefined ? { clickhouseCode } : {}) },
    });
    this.clickhouseCode = clickhouseCode;
  }
}

/** The outcome of one named statement: its value, or the error that names it. */
export type QueryResult<T> = { ok: true; value: T } | { ok: false; error: ClickHouseQueryError };

/** The value of a result, or its error thrown: for the functions that keep a throwing signature. */
export function unwrap<T>(result: QueryResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
