import type { Logger } from '@tokenwatch/observability';
import type { BaselineSave, BaselineStore } from '@tokenwatch/pipeline';

/**
 * Work outside a Kafka batch (idle housekeeping, rebalance, shutdown) has no batch retry behind it:
 * keep trying, with a growing pause, until it succeeds; when `giveUp()` says so after a failure, the
 * error is rethrown.
 */
export async function retryUntilDone(task: () => Promise<void>, log: Logger, what: string, giveUp: () => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (giveUp()) throw error;
      log.warn({ err: error, attempt }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * attempt)));
    }
  }
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
