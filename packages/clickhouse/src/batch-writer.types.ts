import { TokenwatchError, type RetryPolicy as CommonRetryPolicy } from '@tokenwatch/common';

/**
 * The batch writer's retry in its first spelling (`attempts`), kept for its callers; the writer also
 * takes @tokenwatch/common's RetryPolicy (`maxAttempts`) and runs either through common's `retry()`.
 * @deprecated pass @tokenwatch/common's RetryPolicy
 */
export interface RetryPolicy {
  /** Tries per batch, the first included (Infinity: retry transient errors forever). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

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
  retry?: RetryPolicy | CommonRetryPolicy;
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

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

export function toCommonPolicy(policy: RetryPolicy | CommonRetryPolicy): CommonRetryPolicy {
  if ('maxAttempts' in policy) return policy;
  return { maxAttempts: policy.attempts, baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs };
}

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

/**
 * Backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))), whole ms rounded down.
 * The writer itself waits what common's backoffDelay gives (the same range, rounded to nearest).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}
