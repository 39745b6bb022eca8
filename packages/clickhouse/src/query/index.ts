/** The public query API of @tokenwatch/clickhouse: the queries files take their column helpers from ./row-values. */
export { runQuery, DEFAULT_QUERY_RETRY, type RunOptions } from './run';
export {
  defineSelect,
  defineCommand,
  defineInsert,
  type SelectStatement,
  type CommandStatement,
  type InsertStatement,
  type InsertInput,
  type ColumnTuple,
  type StatementRetry,
} from './statement';
export { ClickHouseQueryError, unwrap, type QueryResult, type QueryFailure } from './query.error';
