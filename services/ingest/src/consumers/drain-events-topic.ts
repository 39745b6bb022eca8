import { setTimeout as sleep } from 'node:timers/promises';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import type { Scorer } from '@tokenwatch/detector';
import { groupLag } from '@tokenwatch/kafka';
import { createScoreBaselines, type BaselineOptions } from '../baselines/score-baselines';
import type { ConsumerDeps } from './consumer-deps';
import type { EventStore } from './event-store';
import { startScoreConsumer } from './score.consumer';

export interface DrainDeps extends ConsumerDeps {
  store: EventStore;
  scorer: Scorer;
  clickhouse: ClickHouse;
  baselineOptions?: BaselineOptions;
}

/**
 * Before a process scores in memory (TOKENWATCH_EVENTS_HOP=memory), the events the two-consumer
 * pipeline normalized but did not score yet are scored from the events topic, by the score group as
 * before: the raw records after them come next, and once their raw positions are in the state the
 * older events would count as applied. Returns at once when the group has nothing left.
 */
export async function drainEventsTopic(deps: DrainDeps): Promise<void> {
  const left = await groupLag(deps.kafka, deps.groupId, deps.topics.events);
  if (left === 0) return;
  deps.log.info({ events: left, topic: deps.topics.events }, 'scoring the events left on the events topic before scoring in memory');
  const baselines = createScoreBaselines(deps.scorer, deps.clickhouse, deps.log, deps.baselineOptions, deps.now);
  const consumer = await startScoreConsumer({ ...deps, scorer: deps.scorer, store: deps.store, ...(baselines ? { baselines } : {}) });
  while ((await groupLag(deps.kafka, deps.groupId, deps.topics.events)) > 0) await sleep(500);
  await consumer.stop();
  // Saved and in the changelog: the in-memory scorer reads its state back from there.
  baselines?.keeper.releaseAll();
  deps.log.info({ topic: deps.topics.events }, 'events topic drained');
}
