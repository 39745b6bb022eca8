import { backoffDelay } from '@tokenwatch/kafka';
import type { DeliveryResult } from '../notifier.types';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it (the attempt then counts like any other). */
  maxRetryAfterMs: number;
  /**
   * A receiver that keeps failing with retriable errors (down, 5xx, timeouts) is retried for at least
   * this long before the message goes to the DLQ, however many attempts that takes: a sink outage
   * shorter than this delays messages but drops none. 0: `maxAttempts` alone decides.
   */
  retryForMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, retryForMs: 600_000 };

export type FinalOutcome = { kind: 'ok'; attempts: number } | { kind: 'failed'; attempts: number; reason: string; retriable: boolean };

export interface RetryHooks {
  sleep(ms: number): Promise<void>;
  random?: () => number;
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
  /** False once shutdown started: stop retrying and report the last failure as retriable. */
  isActive?: () => boolean;
  /** Measures `retryForMs`; required for it to apply. */
  now?: () => number;
}

/**
 * Calls `attempt` until it succeeds, fails permanently or runs out of attempts (and of `retryForMs`).
 * Between attempts it waits the server's Retry-After when given, else exponential backoff with full jitter.
 */
export async function deliverWithRetry(attempt: () => Promise<DeliveryResult>, policy: RetryPolicy, hooks: RetryHooks): Promise<FinalOutcome> {
  const startedAt = hooks.now?.();
  const outageLeft = () => startedAt !== undefined && hooks.now !== undefined && hooks.now() - startedAt < (policy.retryForMs ?? 0);
  for (let n = 1; ; n++) {
    const last: DeliveryResult = await attempt();
    if (last.kind === 'ok') return { kind: 'ok', attempts: n };
    if (last.kind === 'permanent') return { kind: 'failed', attempts: n, reason: last.reason, retriable: false };
    const reason = last.reason;
    if ((n >= policy.maxAttempts && !outageLeft()) || hooks.isActive?.() === false) return { kind: 'failed', attempts: n, reason, retriable: true };
    const delay =
      last.afterMs !== undefined
        ? Math.min(last.afterMs, policy.maxRetryAfterMs)
        : backoffDelay(n - 1, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs }, hooks.random);
    hooks.onRetry?.(n, delay, last.reason);
    await hooks.sleep(delay);
  }
}
