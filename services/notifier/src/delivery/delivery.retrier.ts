import { TokenwatchError, retry, type RetryOptions, type RetryPolicy } from '@tokenwatch/common';
import type { DeliveryResult } from '../notifier.types';

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

/** What a transport or a revoker answers: ok, try again (maybe after a wait the receiver asked for), or never. */
type CallResult = { kind: 'ok' } | { kind: 'retry'; reason: string; afterMs?: number } | { kind: 'permanent'; reason: string };
type Failure = Exclude<CallResult, { kind: 'ok' }>;

/** A failed answer as retry() sees it: retriable when the receiver said "try again". */
class CallFailedError<F extends Failure> extends TokenwatchError {
  constructor(readonly result: F) {
    super(result.reason, { code: result.kind === 'retry' ? 'DELIVERY_FAILED' : 'DELIVERY_REFUSED', retriable: result.kind === 'retry' });
  }
}

/**
 * Calls `call` under `policy` (common's retry: the receiver's Retry-After when given, else exponential
 * backoff with full jitter) until it answers ok or permanent, runs out of attempts (and of
 * `retryForMs`), or shutdown starts; the last answer and how many calls it took. A thrown error is
 * not an answer: it is thrown on at once.
 */
export async function retryCall<R extends CallResult>(
  call: () => Promise<R>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<{ result: R; attempts: number }> {
  let attempts = 0;
  const options: RetryOptions = {
    sleep: hooks.sleep,
    random: hooks.random,
    now: hooks.now,
    isActive: hooks.isActive,
    isRetriable: (error) => error instanceof CallFailedError && error.retriable,
    retryAfterMs: (error) => (error instanceof CallFailedError && error.result.kind === 'retry' ? error.result.afterMs : undefined),
    onRetry: hooks.onRetry && ((info) => hooks.onRetry?.(info.attempt, info.delayMs, (info.error as Error).message)),
  };
  try {
    const result = await retry(
      async (n) => {
        attempts = n;
        const answer = await call();
        if (answer.kind === 'ok') return answer;
        throw new CallFailedError(answer as R & Failure);
      },
      policy,
      options,
    );
    return { result, attempts };
  } catch (error) {
    if (error instanceof CallFailedError) return { result: error.result as R, attempts };
    throw error;
  }
}

/** One notification's delivery under `policy`: delivered, or failed with the last reason (retriable unless the receiver refused it). */
export async function deliverWithRetry(attempt: () => Promise<DeliveryResult>, policy: RetryPolicy, hooks: RetryHooks): Promise<FinalOutcome> {
  const { result, attempts } = await retryCall(attempt, policy, hooks);
  return result.kind === 'ok' ? { kind: 'ok', attempts } : { kind: 'failed', attempts, reason: result.reason, retriable: result.kind === 'retry' };
}
