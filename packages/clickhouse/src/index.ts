export { createClickHouse, redactUrl, type ClickHouse, type ClickHouseOptions } from './clickhouse.client';
export { ClickHouseSetupError, assertDatabaseName } from './setup.error';
export {
  migrate,
  loadMigrations,
  renderSql,
  readAccessEventsTtlDays,
  pendingMigrations,
  MigrationError,
  DEFAULT_SCHEMA_DIR,
  DEFAULT_ACCESS_EVENTS_TTL_DAYS,
  MAX_ACCESS_EVENTS_TTL_DAYS,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFile,
} from './schema.migrator';
export { splitSqlStatements } from './sql-statements';
export {
  insertAccessEvents,
  ENCODED_INSERT_ROWS,
  countAccessEvents,
  countDistinctEventIds,
  getAccessEventsByToken,
  toAccessEventRow,
  fromAccessEventRow,
  ACCESS_EVENT_COLUMNS,
  type AccessEventRow,
  type InsertOptions,
} from './access-events.queries';
export { insertAlerts, listAlerts, toAlertRow, fromAlertRow, ALERT_COLUMNS, type AlertRow, type ListAlertsOptions } from './alerts.queries';
export { createBatchWriter } from './batch.writer';
export { BatchWriteError, BatchWriterClosedError, DEFAULT_RETRY, type BatchWriter, type BatchWriterOptions, type RetryInfo } from './batch-writer.types';
export { isTransientClickHouseError, clickHouseErrorCode, TRANSIENT_CLICKHOUSE_ERRORS } from './transient.errors';
export * from './query';
export { INSERT_CHUNK_ROWS, chunk } from './values.util';
export * from './revocation-audit.queries';
export * from './alert-triage.queries';
export * from './alert-search.queries';
export * from './token-inventory.queries';
export * from './token-baselines.queries';
export * from './silences.queries';
export * from './alert-queue.queries';
export * from './alert-stats.queries';
export * from './token-footprint.queries';
export * from './token-lifecycle.queries';
