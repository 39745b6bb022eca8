import type { AccessEvent, Alert, TopicSet } from '@tokenwatch/contracts';
import { runBatchConsumer, sendDeadLetters, type ConsumedMessage, type DeadLetter, type Kafka, type MessageProducer, type RunningConsumer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import type { BaselineSave, BaselineKeeper } from '../baselines/baseline.keeper';
import type { BaselineStore } from '../baselines/baseline.store';
import { persistUntilStored, retryUntilDone } from '../baselines/persist-until-stored';
import { serial } from '../baselines/serial';
import type { IngestMetrics } from '../ingest.metrics';
import { reasonLabel } from '../pipeline/normalize.step';
import { parseEventMessages } from '../pipeline/score.step';
import type { EventStore } from './event-store';

/** Baseline persistence for the score consumer; without it the scorer's state lives only in memory. */
export interface ScoreBaselines {
  keeper: BaselineKeeper;
  store: BaselineStore;
  /** How often housekeeping runs when no batch arrives (resolved alerts, saves). */
  idleCheckMs: number;
}

export interface ScoreConsumerDeps {
  kafka: Kafka;
  producer: MessageProducer;
  store: EventStore;
  /** Scores events when `baselines` is absent (a plain Scorer, e.g. in tests). */
  observe: (events: readonly AccessEvent[]) => Alert[];
  baselines?: ScoreBaselines;
  groupId: string;
  topics: TopicSet;
  metrics: IngestMetrics;
  log: Logger;
  now: () => number;
}

interface ScoredBatch {
  events: AccessEvent[];
  alerts: Alert[];
  deadLetters: DeadLetter[];
  saves: BaselineSave[];
}

/**
 * tokenwatch.events.v1 -> ClickHouse access_events + alerts, and tokenwatch.alerts.v1. Offsets are
 * committed only after ClickHouse (events, alerts, baselines) and the alerts topic acknowledged the
 * batch. With baselines, tokens are restored from token_baselines before they are scored, and state
 * is saved periodically, when a token alerts, when partitions move, and at shutdown.
 */
export async function startScoreConsumer(deps: ScoreConsumerDeps): Promise<RunningConsumer> {
  const stage = 'score';
  const exclusive = serial();
  const baselines = deps.baselines;
  let stopping = false;
  let lastBatchAt = deps.now();
  // A retried batch is the same array: score it once, so detector state never counts an event twice.
  const scored = new WeakMap<ConsumedMessage[], ScoredBatch>();

  const score = async (messages: ConsumedMessage[]): Promise<ScoredBatch> => {
    const { events, deadLetters } = parseEventMessages(messages);
    if (!baselines) return { events, deadLetters, alerts: deps.observe(events), saves: [] };
    await baselines.keeper.restoreMissing(events.map((e) => e.token.fp));
    const raised = baselines.keeper.observe(events);
    const { saves, alerts: resolved } = baselines.keeper.housekeeping(raised);
    return { events, deadLetters, alerts: [...raised, ...resolved], saves };
  };

  const publishAlerts = (alerts: Alert[]) =>
    Promise.all([
      deps.store.saveAlerts(alerts),
      deps.producer.send(deps.topics.alerts, alerts.map((alert) => ({ key: alert.token.fp, value: JSON.stringify(alert) }))),
    ]);

  const countAlerts = (alerts: Alert[]) => {
    for (const alert of alerts) {
      for (const signal of alert.signals) deps.metrics.alerts.inc({ severity: alert.severity, signal: signal.type });
      deps.log.info({ alertId: alert.id, severity: alert.severity, state: alert.state, token: alert.token }, alert.summary);
    }
  };

  const consumer = await runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topics.events],
    onLag: (lag, { topic, partition }) => deps.metrics.consumerLag.set({ group: deps.groupId, topic, partition: String(partition) }, lag),
    onRetry: (error, attempt, where) => {
      deps.metrics.batchRetries.inc({ stage });
      deps.log.warn({ err: error, attempt, ...where }, 'score batch failed; retrying');
    },
    // Partitions may have moved: what this member holds may now be scored elsewhere, so it is saved
    // and dropped; tokens come back from token_baselines when their events arrive here again.
    onGroupJoin: baselines
      ? () => void exclusive(() => persistUntilStored(baselines.store, [baselines.keeper.releaseAll()], deps.log, () => stopping))
      : undefined,
    handle: (messages) =>
      exclusive(async () => {
        const timer = deps.metrics.batchSeconds.startTimer({ stage });
        let batch = scored.get(messages);
        if (!batch) {
          batch = await score(messages);
          scored.set(messages, batch);
        }
        const { events, alerts, deadLetters, saves } = batch;
        await Promise.all([
          deps.store.saveEvents(events),
          publishAlerts(alerts),
          sendDeadLetters(deps.producer, deps.topics.eventsDlq, deadLetters, deps.now()),
          ...(baselines ? saves.map((s) => baselines.store.save(s.snapshots, s.reason)) : []),
        ]);
        lastBatchAt = deps.now();
        deps.metrics.recordsIn.inc({ stage }, messages.length);
        deps.metrics.eventsOut.inc({ stage }, events.length);
        for (const letter of deadLetters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason) });
        countAlerts(alerts);
        timer();
      }),
  });

  // When no batch arrives, housekeeping still has to run: quiet tokens resolve, changes get saved.
  const idleTimer = baselines
    ? setInterval(() => {
        if (deps.now() - lastBatchAt < baselines.idleCheckMs) return;
        void exclusive(async () => {
          const { saves, alerts } = baselines.keeper.housekeeping([]);
          await persistUntilStored(baselines.store, saves, deps.log, () => stopping);
          if (alerts.length === 0) return;
          await retryUntilDone(() => publishAlerts(alerts).then(() => countAlerts(alerts)), deps.log, 'publishing resolved alerts', () => stopping);
        }).catch((error: unknown) => deps.log.error({ err: error }, 'idle housekeeping failed'));
      }, baselines.idleCheckMs)
    : undefined;
  idleTimer?.unref();

  return {
    ...consumer,
    async stop() {
      clearInterval(idleTimer);
      await consumer.stop();
      if (!baselines) return;
      // The consumer committed its last batch: what is saved now matches the committed offsets.
      let attempts = 0;
      await exclusive(() => persistUntilStored(baselines.store, [baselines.keeper.takeChanged()], deps.log, () => ++attempts >= 5));
      stopping = true;
      await baselines.store.close();
    },
  };
}
