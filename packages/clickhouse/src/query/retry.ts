import { backoffDelay, type RetryPolicy } from '../batch-writer.types';

/**
 * The runner's retry seam: exponential backoff with full jitter (`backoffDelay`) for the errors
 * `isTransient` accepts. Local until packages/common's retry helper lands (issue 17 item 2); the
 * runner calls only this function, so switching is a change here alone.
 */
export interface RetrySeamOptions {
  policy: RetryPolicy;
  isTransient(err: unknown): boolean;
  onRetry?(info: { attempt: number; delayMs: number; error: unknown }): void;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number; transient: boolean };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryTransient<T>(fn: (attempt: number) => Promise<T>, opts: RetrySeamOptions): Promise<Attempted<T>> {
  const sleep = opts.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt };
    } catch (error) {
      const transient = opts.isTransient(error);
      if (!transient || attempt >= opts.policy.attempts) return { ok: false, error, attempts: attempt, transient };
      const delayMs = backoffDelay(attempt, opts.policy, opts.random);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
