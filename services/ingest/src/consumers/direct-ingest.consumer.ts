import { serial } from '@tokenwatch/common';
import type { AccessEvent } from '@tokenwatch/contracts';
import type { NormalizeOptions } from '@tokenwatch/formats';
import { runBatchConsumer, topicPartitionCounts, type RunningConsumer } from '@tokenwatch/kafka';
import {
  createDirectScoreStage,
  publishBatch,
  type DeadLetter,
  type DirectBatch,
  type EnrichState,
  type PipelineSinks,
  type RawMessage,
} from '@tokenwatch/pipeline';
import { retryUntilDone } from '../baselines/persist-until-stored';
import type { IngestInput } from '../ingest-topics';
import { consumerHooks, type ConsumerDeps } from './consumer-deps';
import { StoreUnavailableError, type EventStore } from './event-store';
import { alertsSink, deadLetterSink } from './kafka-sinks';
import { countNormalized, normalizeInputs } from './normalize-inputs';
import { orderedWrites } from './ordered-writes';
import { idleWork, saveAtShutdown, startIdleTimer } from './score-housekeeping';
import { countAlerts, type ScoreBaselines } from './score.consumer';
import { createStateChangelog, type StateRecords } from './token-state.changelog';

export interface DirectIngestDeps extends ConsumerDeps {
  /** The raw topics to read, each with the adapter of its format. */
  inputs: IngestInput[];
  normalizeOptions: NormalizeOptions;
  normalizeState: EnrichState;
  store: EventStore;
  baselines: ScoreBaselines;
  /** The events topic's partition count: the changelog's partitions and the tokens' peer-group scopes. */
  eventPartitions: number;
}

export interface DirectIngest extends RunningConsumer {
  /**
   * Events normalized elsewhere in this process (HTTP ingest): scored and stored like a raw batch's;
   * resolves once durable. While the store is failing it throws StoreUnavailableError before scoring
   * anything: those events are in no topic, so a caller would wait for as long as the outage lasts.
   */
  submit(events: AccessEvent[]): Promise<void>;
  /** Whether `submit` takes events now (the store's last write did not fail). */
  available(): boolean;
}

/**
 * Normalize and score in one consumer, without the events topic between them: for a process that
 * owns every token (the embedded default), the repartition hop only costs (a produce, a fetch, a
 * stringify and a parse per event). Raw topics -> normalize -> score -> ClickHouse, alerts topic,
 * dead letters -> token-state changelog -> raw offsets committed.
 *
 * Crash consistency, as the two-consumer pipeline has it: batches of several raw partitions are
 * scored one at a time; each one's effects are written at once (overlapping the next one's scoring
 * and effects), its state records only after them and after every earlier batch's (`orderedWrites`),
 * and its raw offsets are committed only after that (a DeferredCommit: the consumer goes on meanwhile). The changelog then always holds the state of a prefix of durable batches, with
 * the raw positions it includes per events partition; a batch delivered again after a crash skips the
 * raw records that state includes (TokenStateLog.unappliedEvents). A failed write is retried in place
 * until it passes, since later batches' state includes this one's.
 */
export async function startDirectIngestConsumer(deps: DirectIngestDeps): Promise<DirectIngest> {
  const stage = 'direct';
  const { baselines } = deps;
  const exclusive = serial();
  /** Shutdown began: a write that fails now is given up (the batch stays uncommitted) instead of retried. */
  let closing = false;
  const writes = orderedWrites();
  let lastBatchAt = deps.now();
  const inputByTopic = new Map(deps.inputs.map((input) => [input.topic, input]));
  const changelog = createStateChangelog({
    kafka: deps.kafka,
    producer: deps.producer,
    topic: deps.topics.tokenState,
    groupId: deps.groupId,
    detector: baselines.detector,
    partitionOf: (fp) => scoreStage.partitionOf(fp),
    metrics: deps.metrics,
    log: deps.log,
  });
  const scoreStage = createDirectScoreStage<StateRecords>({
    scorer: baselines.detector,
    keeper: baselines.keeper,
    partitions: deps.eventPartitions,
    unapplied: changelog.unappliedEvents,
    state: changelog,
  });
  const available = () => deps.store.available?.() ?? true;
  const publishAlerts = alertsSink(deps.producer, deps.topics.alerts, deps.store);
  const untilDone = (what: string, task: () => Promise<void>) => retryUntilDone(task, deps.log, what, () => closing);
  const sinks: PipelineSinks = {
    events: (events) => deps.store.saveEvents(events),
    alerts: publishAlerts,
    deadLetters: deadLetterSink(deps.producer, deps.topics.rawAccessDlq),
    baselines: (save) => baselines.store.save(save.snapshots, save.reason),
  };
  await changelog.ensureRestored(
    Array.from({ length: deps.eventPartitions }, (_, partition) => partition),
    () => Promise.resolve(),
  );

  /** Scores a batch and queues its writes; the returned promise (wrapped, so the caller can hold it) settles once they are durable. */
  const scoreAndQueue = (batch: DirectBatch, deadLetters: Array<DeadLetter<RawMessage>>) =>
    exclusive(async () => {
      const scored = await scoreStage.score(batch);
      const { events, alerts, saves, states } = scored;
      const written = writes.queue(
        () => untilDone('storing a batch', () => publishBatch({ events, alerts, saves, deadLetters }, sinks, deps.now())),
        () => untilDone('writing the token state changelog', () => changelog.send(...states)),
      );
      return { written, scored };
    });

  const consumer = await runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: deps.inputs.map((input) => input.topic),
    partitionsConcurrently: deps.partitionsConcurrently,
    ...consumerHooks(deps, stage),
    onGroupJoin: await warnUnlessAlone(deps),
    // The next batches are fetched and scored while this one's writes land (kafkajs fetches again only
    // once every batch of a fetch returned); the raw offsets are committed once `written` resolves.
    handle: async (messages) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      const normalized = normalizeInputs(messages, inputByTopic, deps.normalizeOptions, deps.normalizeState);
      const { written, scored } = await scoreAndQueue(normalized, normalized.deadLetters);
      lastBatchAt = deps.now();
      countNormalized(deps.metrics, stage, messages.length, normalized);
      countAlerts(deps, scored.alerts);
      written.then(
        () => timer(),
        () => undefined,
      );
      return { durable: written };
    },
  });

  // Between batches, in the same order as their writes: a resolved token's record after every earlier batch's.
  const idleTimer = startIdleTimer(
    baselines,
    deps,
    () => lastBatchAt,
    () =>
      exclusive(async () => {
        const work = idleWork({ baselines, publishAlerts, changelog, consumer: deps, giveUp: () => closing });
        return { written: writes.queue(work.effects, work.state) };
      }).then(({ written }) => written),
  );

  return {
    ...consumer,
    available,
    async submit(events) {
      if (!available()) throw new StoreUnavailableError();
      const { written, scored } = await scoreAndQueue({ events, sources: [] }, []);
      await written;
      countAlerts(deps, scored.alerts);
    },
    async stop() {
      closing = true;
      clearInterval(idleTimer);
      await consumer.stop();
      // The batches that were written are committed; the analysts' copy of the state is saved as it is.
      await exclusive(() => saveAtShutdown(baselines, deps.log));
      await baselines.store.close();
    },
  };
}

/**
 * Scoring in memory is right only while this process reads every raw partition: a second member of
 * the group would own some of a token's events and score them apart. Say so loudly when it happens.
 */
async function warnUnlessAlone(deps: DirectIngestDeps): Promise<(assignment: Record<string, number[]>) => void> {
  const counts = await topicPartitionCounts(
    deps.kafka,
    deps.inputs.map((input) => input.topic),
  );
  return (assignment) => {
    const missing = deps.inputs.filter(({ topic }) => (assignment[topic]?.length ?? 0) < (counts.get(topic) ?? 0)).map(({ topic }) => topic);
    if (missing.length === 0) return;
    deps.log.error(
      { group: deps.groupId, topics: missing },
      'another process reads these raw topics in this group: with TOKENWATCH_EVENTS_HOP=memory one process must read them all; tokens split across processes are scored apart. Use TOKENWATCH_EVENTS_HOP=kafka to scale out',
    );
  };
}
