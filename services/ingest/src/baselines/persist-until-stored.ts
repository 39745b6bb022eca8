import type { Logger } from '@tokenwatch/observability';
import type { BaselineSave } from './baseline.keeper';
import type { BaselineStore } from './baseline.store';

/**
 * Saves outside a Kafka batch (idle housekeeping, rebalance, shutdown) have no batch retry behind
 * them: keep trying (the store already retries transient errors) until stored or `giveUp()` says so.
 */
export async function persistUntilStored(store: BaselineStore, saves: readonly BaselineSave[], log: Logger, giveUp: () => boolean): Promise<void> {
  for (const { snapshots, reason } of saves) {
    if (snapshots.length === 0) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await store.save(snapshots, reason);
        break;
      } catch (error) {
        if (giveUp()) {
          log.error({ err: error, tokens: snapshots.length, reason }, 'token baselines not saved; these tokens resume from their previous save');
          break;
        }
        log.warn({ err: error, attempt, tokens: snapshots.length, reason }, 'saving token baselines failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * attempt)));
      }
    }
  }
}
