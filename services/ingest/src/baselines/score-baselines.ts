import type { ClickHouse } from '@tokenwatch/clickhouse';
import type { Detector, Scorer } from '@tokenwatch/detector';
import type { Logger } from '@tokenwatch/observability';
import type { ScoreBaselines } from '../consumers/score.consumer';
import { BaselineKeeper } from '@tokenwatch/pipeline';
import { createClickHouseBaselineStore } from './baseline.store';

export interface BaselineOptions {
  /** Seconds between saves of changed tokens; default 300. Alerting tokens are saved at once. */
  saveIntervalSeconds?: number;
  /** Hours of event time after which an idle token leaves memory; default 6. */
  idleEvictHours?: number;
  /** Seconds between tick() calls (resolved alerts); default 15. */
  tickSeconds?: number;
}

const isDetector = (scorer: Scorer): scorer is Detector =>
  'snapshot' in scorer && 'restore' in scorer && 'evict' in scorer && 'tick' in scorer && 'learningState' in scorer;

/** Baseline persistence in ClickHouse for a full detector; undefined for a plain Scorer. */
export function createScoreBaselines(
  scorer: Scorer,
  ch: ClickHouse,
  log: Logger,
  options: BaselineOptions = {},
  now: () => number = Date.now,
): ScoreBaselines | undefined {
  if (!isDetector(scorer)) return undefined;
  const store = createClickHouseBaselineStore(ch, log);
  const tickIntervalMs = (options.tickSeconds ?? 15) * 1000;
  const keeper = new BaselineKeeper({
    detector: scorer,
    store,
    snapshotIntervalMs: (options.saveIntervalSeconds ?? 300) * 1000,
    tickIntervalMs,
    idleEvictMs: (options.idleEvictHours ?? 6) * 3_600_000,
    now,
  });
  return { keeper, store, detector: scorer, idleCheckMs: tickIntervalMs };
}
