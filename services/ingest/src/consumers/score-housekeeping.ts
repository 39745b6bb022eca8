import type { Alert } from '@tokenwatch/contracts';
import type { Logger } from '@tokenwatch/observability';
import { persistUntilStored, retryUntilDone } from '../baselines/persist-until-stored';
import type { ConsumerDeps } from './consumer-deps';
import { countAlerts, type ScoreBaselines } from './score.consumer';
import type { StateChangelog } from './token-state.changelog';

export interface IdleWorkDeps {
  baselines: ScoreBaselines;
  /** Resolved alerts to where this process publishes alerts (the alerts topic, and ClickHouse when it stores them). */
  publishAlerts(alerts: Alert[]): Promise<void>;
  changelog?: Pick<StateChangelog, 'writeOutsideBatch'>;
  consumer: Pick<ConsumerDeps, 'metrics' | 'log'>;
  /** A failed write is given up instead of retried once this says so (shutdown). */
  giveUp(): boolean;
}

/**
 * A scorer's work between batches, taken now (call it where the detector may be touched): quiet tokens
 * resolve and changed baselines are due. `effects` saves and publishes them; `state` then writes the
 * resolved tokens' changelog records.
 */
export function idleWork(d: IdleWorkDeps): { effects(): Promise<void>; state(): Promise<void> } {
  const { saves, alerts } = d.baselines.keeper.housekeeping([]);
  const log = d.consumer.log;
  return {
    async effects() {
      await persistUntilStored(d.baselines.store, saves, log, d.giveUp);
      if (alerts.length === 0) return;
      await retryUntilDone(() => d.publishAlerts(alerts), log, 'publishing resolved alerts', d.giveUp);
      countAlerts(d.consumer, alerts);
    },
    async state() {
      const changelog = d.changelog;
      if (alerts.length === 0 || !changelog) return;
      await retryUntilDone(() => changelog.writeOutsideBatch(alerts), log, 'writing resolved tokens to the state changelog', d.giveUp);
    },
  };
}

/**
 * Runs `tick` every `baselines.idleCheckMs` in which no batch arrived (housekeeping must go on when
 * traffic stops); failures are logged.
 */
export function startIdleTimer(
  baselines: Pick<ScoreBaselines, 'idleCheckMs'>,
  consumer: Pick<ConsumerDeps, 'now' | 'log'>,
  lastBatchAt: () => number,
  tick: () => Promise<void>,
): NodeJS.Timeout {
  const { idleCheckMs } = baselines;
  const timer = setInterval(() => {
    if (consumer.now() - lastBatchAt() < idleCheckMs) return;
    tick().catch((error: unknown) => consumer.log.error({ err: error }, 'idle housekeeping failed'));
  }, idleCheckMs);
  timer.unref();
  return timer;
}

/** At shutdown, after the consumer committed its last batch: the analysts' copy of every changed token (a few tries). */
export function saveAtShutdown(baselines: ScoreBaselines, log: Logger): Promise<void> {
  let attempts = 0;
  return persistUntilStored(baselines.store, [baselines.keeper.takeChanged()], log, () => ++attempts >= 5);
}
