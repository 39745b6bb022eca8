import { isRetriable } from './errors';

/** How long and how often to try: exponential backoff with full jitter, as in kafkajs and the AWS architecture blog. */
export interface RetryPolicy {
  /** Attempts in total, the first included (Infinity: until success, a permanent failure or shutdown). */
  maxAttempts: number;
  /** The first backoff is at most this; each retry doubles the ceiling, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A wait the failure asks for (an HTTP Retry-After) is cut to this; default `maxDelayMs`. */
  maxRetryAfterMs?: number;
  /**
   * Keep retrying a retriable failure for at least this long after the first attempt, however many
   * attempts that takes (a receiver's outage shorter than this delays work but drops none); needs
   * `RetryOptions.now`. 0 or absent: `maxAttempts` alone decides.
   */
  retryForMs?: number;
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs × 2^retry)], `retry` counted from 0. */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(random() * ceiling);
}

export interface RetryInfo {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  /** Waits between attempts: a timer in production, a manual clock in tests. */
  sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Measures `retryForMs`; without it `retryForMs` does not apply. */
  now?: () => number;
  /** Whether a failure may pass if tried again; default `isRetriable` (a retriable TokenwatchError). */
  isRetriable?: (error: unknown) => boolean;
  /** A wait the failure asks for (a Retry-After), used instead of the backoff and cut to `maxRetryAfterMs`. */
  retryAfterMs?: (error: unknown) => number | undefined;
  onRetry?: (info: RetryInfo) => void;
  /** Asked after each failure: false (shutdown started) stops retrying and the failure is thrown. */
  isActive?: () => boolean;
}

/**
 * Calls `task` (with the attempt number, from 1) until it resolves; a failure that is not retriable,
 * the last attempt's failure, or any failure once `isActive` says false, is thrown as it is.
 */
export async function retry<T>(task: (attempt: number) => Promise<T>, policy: RetryPolicy, options: RetryOptions): Promise<T> {
  const retriable = options.isRetriable ?? isRetriable;
  const { now } = options;
  const startedAt = now?.();
  const withinRetryFor = () => startedAt !== undefined && now !== undefined && now() - startedAt < (policy.retryForMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (!retriable(error)) throw error;
      if ((attempt >= policy.maxAttempts && !withinRetryFor()) || options.isActive?.() === false) throw error;
      const asked = options.retryAfterMs?.(error);
      const delayMs = asked !== undefined ? Math.min(asked, policy.maxRetryAfterMs ?? policy.maxDelayMs) : backoffDelay(attempt - 1, policy, options.random);
      options.onRetry?.({ attempt, delayMs, error });
      await options.sleep(delayMs);
    }
  }
}
