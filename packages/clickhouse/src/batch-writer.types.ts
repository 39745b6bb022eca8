import { TokenwatchError, type RetryPolicy } from '@tokenwatch/common';

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  rows: number;
  error: unknown;
}

export interface BatchWriterOptions<T> {
  /** Durably writes one batch (at most `maxRows` rows); throws on failure. */
  write: (rows: T[]) => Promise<void>;
  /** Write as soon as this many rows are buffered; also the largest batch. */
  maxRows: number;
  /** Write a partial batch once its oldest row has waited this long. */
  flushIntervalMs: number;
  /** Bound on buffered + in-flight rows; `push` waits while it is reached. */
  maxBufferedRows: number;
  /** Tries per batch (the first included; Infinity: retry transient errors forever) and the pauses between them. */
  retry?: RetryPolicy;
  /** Which errors are retried; default `isTransientClickHouseError`. */
  isTransient?: (err: unknown) => boolean;
  onRetry?: (info: RetryInfo) => void;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
}

export interface BatchWriter<T> {
  /** Resolves once all these rows are written; rejects on a permanent error or after the last try. */
  push(rows: T[]): Promise<void>;
  /** Writes everything pushed before the call; rejects if any of it failed. */
  flush(): Promise<void>;
  /** Stops accepting rows, then flushes. Idempotent. */
  close(): Promise<void>;
  /** Rows accepted and not yet written (queued + in flight). */
  buffered(): number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

/** A batch that could not be written; `retriable` tells whether trying later may succeed. */
export class BatchWriteError extends TokenwatchError {
  override readonly name = 'BatchWriteError';
  constructor(
    message: string,
    readonly attempts: number,
    retriable: boolean,
    cause: unknown,
  ) {
    super(message, { code: 'CLICKHOUSE_BATCH_WRITE_FAILED', retriable, cause, context: { attempts } });
  }
}

export class BatchWriterClosedError extends TokenwatchError {
  override readonly name = 'BatchWriterClosedError';
  constructor() {
    super('batch writer is closed', { code: 'BATCH_WRITER_CLOSED' });
  }
}
