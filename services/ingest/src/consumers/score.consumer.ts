import { serial } from '@tokenwatch/common';
import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { runBatchConsumer, type RunningConsumer } from '@tokenwatch/kafka';
import { createScoreStage, publishBatch, reasonLabel, type BaselineKeeper, type BaselineStore, type PipelineSinks } from '@tokenwatch/pipeline';
import type { Detector, Scorer } from '@tokenwatch/detector';
import { persistUntilStored } from '../baselines/persist-until-stored';
import type { EventStore } from './event-store';
import { alertsSink, deadLetterSink } from './kafka-sinks';
import { idleWork, saveAtShutdown, startIdleTimer } from './score-housekeeping';
import { createStateChangelog } from './token-state.changelog';
import { consumerHooks, type ConsumerDeps } from './consumer-deps';

/** Baseline persistence for the score consumer; without it the scorer's state lives only in memory. */
export interface ScoreBaselines {
  keeper: BaselineKeeper;
  store: BaselineStore;
  detector: Detector;
  /** How often housekeeping runs when no batch arrives (resolved alerts, saves). */
  idleCheckMs: number;
}

export interface ScoreConsumerDeps extends ConsumerDeps {
  /** ClickHouse access_events and alerts; absent when a separate writer (the store role) stores them from the topics. */
  store?: EventStore;
  /** Scores events when `baselines` is absent (a plain Scorer, e.g. in tests). */
  scorer: Scorer;
  baselines?: ScoreBaselines;
}

/**
 * The Kafka shell of the pipeline's score stage: tokenwatch.events.v1 -> ClickHouse access_events +
 * alerts (unless the store role writes them: `store` absent), and tokenwatch.alerts.v1. Offsets are
 * committed only after ClickHouse (events, alerts, baselines) and the alerts topic acknowledged the
 * batch. With baselines, tokens are restored from token_baselines before they are scored, and state is
 * saved periodically, when a token alerts, when partitions move, and at shutdown.
 */
export async function startScoreConsumer(deps: ScoreConsumerDeps): Promise<RunningConsumer> {
  const stage = 'score';
  const exclusive = serial();
  const baselines = deps.baselines;
  let stopping = false;
  let lastBatchAt = deps.now();
  const changelog = baselines
    ? createStateChangelog({
        kafka: deps.kafka,
        producer: deps.producer,
        topic: deps.topics.tokenState,
        groupId: deps.groupId,
        detector: baselines.detector,
        metrics: deps.metrics,
        log: deps.log,
      })
    : undefined;
  const scoreStage = createScoreStage({
    scorer: deps.scorer,
    ...(baselines ? { keeper: baselines.keeper } : {}),
    ...(changelog ? { unapplied: changelog.unapplied, state: changelog } : {}),
  });
  const store = deps.store;
  const publishAlerts = alertsSink(deps.producer, deps.topics.alerts, store);
  const sinks: PipelineSinks = {
    // Without a store the events are on the events topic already, where the store role reads them.
    events: store ? (events: AccessEvent[]) => store.saveEvents(events) : () => Promise.resolve(),
    alerts: publishAlerts,
    deadLetters: deadLetterSink(deps.producer, deps.topics.eventsDlq),
    ...(baselines ? { baselines: (save) => baselines.store.save(save.snapshots, save.reason) } : {}),
  };

  const consumer = await runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topics.events],
    ...consumerHooks(deps, stage),
    // Partitions may have moved: what this member holds may now be scored elsewhere, so it is saved
    // (the analysts' copy) and dropped; each assigned partition's state is read back from the changelog
    // before its first batch.
    onGroupJoin: baselines
      ? () =>
          void exclusive(async () => {
            changelog?.forgetAll();
            await persistUntilStored(baselines.store, [baselines.keeper.releaseAll()], deps.log, () => stopping);
          })
      : undefined,
    partitionsConcurrently: deps.partitionsConcurrently,
    handle: async (messages, context) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      const partition = messages[0]!.partition;
      // The detector is touched only in this section; the writes below overlap with other partitions' scoring.
      const batch = await exclusive(async () => {
        await changelog?.ensureRestored([partition], context.heartbeat);
        return scoreStage.score(messages);
      });
      const { events, alerts, deadLetters, state } = batch;
      await publishBatch(batch, sinks, deps.now());
      // Offsets are committed after this: the state the changelog holds includes exactly the committed events.
      if (state) await changelog?.send(state);
      lastBatchAt = deps.now();
      deps.metrics.recordsIn.inc({ stage }, messages.length);
      deps.metrics.eventsOut.inc({ stage }, events.length);
      for (const letter of deadLetters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason) });
      countAlerts(deps, alerts);
      timer();
    },
  });

  const idleTimer = baselines
    ? startIdleTimer(
        baselines,
        deps,
        () => lastBatchAt,
        () =>
          exclusive(async () => {
            const work = idleWork({ baselines, publishAlerts, ...(changelog ? { changelog } : {}), consumer: deps, giveUp: () => stopping });
            await work.effects();
            await work.state();
          }),
      )
    : undefined;

  return {
    ...consumer,
    async stop() {
      clearInterval(idleTimer);
      await consumer.stop();
      if (!baselines) return;
      // The consumer committed its last batch: what is saved now matches the committed offsets.
      await exclusive(() => saveAtShutdown(baselines, deps.log));
      stopping = true;
      await baselines.store.close();
    },
  };
}

/** The alerts counter by severity and signal, and one log line per alert (the token as its fingerprint and hint). */
export function countAlerts(deps: Pick<ConsumerDeps, 'metrics' | 'log'>, alerts: readonly Alert[]): void {
  for (const alert of alerts) {
    for (const signal of alert.signals) deps.metrics.alerts.inc({ severity: alert.severity, signal: signal.type });
    deps.log.info({ alertId: alert.id, severity: alert.severity, state: alert.state, token: alert.token }, alert.summary);
  }
}
