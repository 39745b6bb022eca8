import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { createBatchWriter, ENCODED_INSERT_ROWS, insertAccessEvents, insertAlerts, type ClickHouse, type RetryInfo } from '@tokenwatch/clickhouse';
import type { Logger } from '@tokenwatch/observability';
import type { EventStore } from './event-store';

export interface ClickHouseEventStore extends EventStore {
  close(): Promise<void>;
}

/**
 * Events and alerts through batch writers: rows from concurrent batches share an insert, transient
 * ClickHouse errors are retried with backoff, and `save*` resolves only once the rows are stored.
 * A push is written on the next turn of the event loop (a caller waits for its rows, so waiting
 * longer for company only adds latency); rows pushed while an insert runs go into the next one.
 */
export function createClickHouseEventStore(ch: ClickHouse, log: Logger): ClickHouseEventStore {
  const onRetry =
    (table: string) =>
    ({ error, attempt, delayMs, rows }: RetryInfo) =>
      log.warn({ err: error, attempt, delayMs, rows, table }, 'ClickHouse insert failed; retrying');
  /** Tables whose last insert attempt failed: `available` is false until each has written again. */
  const failing = new Set<string>();
  const tracked =
    <T>(table: string, write: (rows: T[]) => Promise<void>) =>
    async (rows: T[]) => {
      try {
        await write(rows);
        failing.delete(table);
      } catch (error) {
        failing.add(table);
        throw error;
      }
    };
  const events = createBatchWriter<AccessEvent>({
    write: tracked('access_events', (rows) => insertAccessEvents(ch, rows)),
    maxRows: ENCODED_INSERT_ROWS,
    flushIntervalMs: 0,
    maxBufferedRows: 2 * ENCODED_INSERT_ROWS,
    retry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 },
    onRetry: onRetry('access_events'),
  });
  const alerts = createBatchWriter<Alert>({
    write: tracked('alerts', (rows) => insertAlerts(ch, rows)),
    maxRows: 1_000,
    flushIntervalMs: 0,
    maxBufferedRows: 10_000,
    retry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 },
    onRetry: onRetry('alerts'),
  });
  return {
    saveEvents: (rows) => events.push(rows),
    saveAlerts: (rows) => alerts.push(rows),
    available: () => failing.size === 0,
    async close() {
      await Promise.all([events.close(), alerts.close()]);
    },
  };
}
