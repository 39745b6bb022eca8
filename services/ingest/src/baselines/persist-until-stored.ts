import { setTimeout as sleep } from 'node:timers/promises';
import { retry, type RetryPolicy } from '@tokenwatch/common';
import type { Logger } from '@tokenwatch/observability';
import type { BaselineSave, BaselineStore } from '@tokenwatch/pipeline';

/** Until done: pauses from up to 1 s, the ceiling doubling to 30 s (full jitter). */
const OUTSIDE_BATCH_RETRY: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * Work outside a Kafka batch (idle housekeeping, rebalance, shutdown) has no batch retry behind it:
 * keep trying, with a growing pause, until it succeeds; when `giveUp()` says so after a failure, the
 * error is rethrown. Every failure is tried again (the stores retry their transient errors already).
 */
export async function retryUntilDone(task: () => Promise<void>, log: Logger, what: string, giveUp: () => boolean): Promise<void> {
  await retry(task, OUTSIDE_BATCH_RETRY, {
    sleep: (ms) => sleep(ms),
    isRetriable: () => true,
    // Asked once after each failure, before the warning, as giveUp always was.
    isActive: () => !giveUp(),
    onRetry: ({ error, attempt }) => log.warn({ err: error, attempt }, `${what} failed; retrying`),
  });
}

/** Saves baselines until stored (the store already retries transient errors) or `giveUp()`. */
export async function persistUntilStored(store: BaselineStore, saves: readonly BaselineSave[], log: Logger, giveUp: () => boolean): Promise<void> {
  for (const { snapshots, reason } of saves) {
    if (snapshots.length === 0) continue;
    await retryUntilDone(() => store.save(snapshots, reason), log, `saving ${snapshots.length} token baselines (${reason})`, giveUp).catch((error: unknown) =>
      log.error({ err: error, tokens: snapshots.length, reason }, 'token baselines not saved; these tokens resume from their previous save'),
    );
  }
}
