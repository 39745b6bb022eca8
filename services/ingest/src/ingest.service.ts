import { topicNames, type TopicSet } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import type { Router } from 'express';
import type { AdapterForOptions, GatewayAdapter } from '@tokenwatch/formats';
import { createProducer, ensureTopics, topicPartitionCounts, type Kafka, type RunningConsumer } from '@tokenwatch/kafka';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import type { Logger, Registry } from '@tokenwatch/observability';
import { createScoreBaselines, type BaselineOptions } from './baselines/score-baselines';
import { createClickHouseEventStore } from './consumers/clickhouse-event-store';
import { startNormalizeConsumer } from './consumers/normalize.consumer';
import { startScoreConsumer } from './consumers/score.consumer';
import { startStoreConsumer } from './consumers/store.consumer';
import { createIngestRouter } from './http/ingest.router';
import type { IngestInput } from './ingest-topics';
import { createIngestMetrics } from './ingest.metrics';
import { DEFAULT_INGEST_ROLES, type AnalyticsWriter, type EventsHop, type IngestRole } from './ingest-roles';
import { startDirectIngestConsumer, type DirectIngest } from './consumers/direct-ingest.consumer';
import { drainEventsTopic } from './consumers/drain-events-topic';
import type { EnrichState } from '@tokenwatch/pipeline';

/** Compacted: the newest record per token is all a restore needs. */
const TOKEN_STATE_TOPIC_CONFIG = { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': '600000' };

/**
 * Batches of different partitions each consumer works on at once: one scores or normalizes while
 * the others wait for ClickHouse and Kafka to acknowledge their writes.
 */
const BATCHES_IN_FLIGHT = 3;

export interface IngestPipelineDeps {
  kafka: Kafka;
  /** Needed by the score and store roles; a normalize-only process writes only to Kafka. */
  clickhouse?: ClickHouse;
  /** The raw topics normalize reads, each with its adapter (see createIngestInputs). */
  inputs?: IngestInput[];
  /** Shorthand for one input: the default raw topic with this adapter. Ignored when `inputs` is given. */
  adapter?: GatewayAdapter;
  /** Route cap and enrichment held across batches. */
  normalizeState?: EnrichState;
  fingerprintKey: string | Uint8Array;
  /** A full Detector gets its baselines saved to and restored from ClickHouse token_baselines. */
  scorer: Scorer;
  baselines?: BaselineOptions;
  registry: Registry;
  log: Logger;
  /** Topic names; default the standard set. */
  topics?: TopicSet;
  /** Partitions for topics this pipeline creates when they are missing. */
  partitions: number;
  /** Consumer group prefix; the roles use `<prefix>-normalize`, `<prefix>-score` and `<prefix>-store`. */
  groupPrefix: string;
  /** Default normalize and score. */
  roles?: IngestRole[];
  /**
   * Who writes events and alerts to ClickHouse: `inline` (default) the score consumer itself;
   * `separate` a `store` role (here or in another process), and the scorer writes only the alerts topic.
   */
  analyticsWriter?: AnalyticsWriter;
  /**
   * How events go from normalize to score: `kafka` (default) through the events topic, keyed by
   * token, so scorers can scale out; `memory`, inside this one process, which must then be the only
   * ingest process (needs both roles, inline writes and a full detector).
   */
  eventsHop?: EventsHop;
  now?: () => number;
}

export interface IngestPipeline {
  /** How events go from normalize to score in this process (see IngestPipelineDeps.eventsHop). */
  readonly eventsHop: EventsHop;
  /** `POST /ingest/:format` on this pipeline's producer and topics; mount it in the API app. */
  httpIngestRouter(options: { adapterOptions?: AdapterForOptions }): Router;
  /** Stops intake, finishes in-flight batches, flushes writers, closes the producer. */
  stop(): Promise<void>;
}

export async function startIngestPipeline(deps: IngestPipelineDeps): Promise<IngestPipeline> {
  const roles = deps.roles ?? DEFAULT_INGEST_ROLES;
  const clickhouse = deps.clickhouse;
  const writers = roles.filter((role) => role !== 'normalize');
  if (!clickhouse && writers.length > 0) throw new Error(`startIngestPipeline: the ${writers.join(' and ')} role needs clickhouse`);
  const inlineWrites = (deps.analyticsWriter ?? 'inline') === 'inline';
  const direct = deps.eventsHop === 'memory';
  if (direct) checkDirectIngest(roles, inlineWrites);
  const now = deps.now ?? Date.now;
  const topics = deps.topics ?? topicNames();
  const inputs = pipelineInputs(deps, topics);
  await ensureTopics(deps.kafka, [
    ...inputs.map(({ topic }) => ({ topic, partitions: deps.partitions })),
    { topic: topics.rawAccessDlq, partitions: 1 },
    { topic: topics.events, partitions: deps.partitions },
    { topic: topics.eventsDlq, partitions: 1 },
    { topic: topics.alerts, partitions: deps.partitions },
  ]);
  if (roles.includes('score')) await ensureTokenStateTopic(deps.kafka, topics);
  const metrics = createIngestMetrics(deps.registry);
  const producer = await createProducer(deps.kafka);
  const store = clickhouse && createClickHouseEventStore(clickhouse, deps.log);
  const consumers: RunningConsumer[] = [];
  const consumerDeps = (role: IngestRole) => ({
    kafka: deps.kafka,
    producer,
    groupId: `${deps.groupPrefix}-${role}`,
    topics,
    metrics,
    log: deps.log,
    now,
    partitionsConcurrently: BATCHES_IN_FLIGHT,
  });
  let directIngest: DirectIngest | undefined;
  try {
    if (direct && clickhouse && store) {
      const baselines = createScoreBaselines(deps.scorer, clickhouse, deps.log, deps.baselines, now);
      if (!baselines) throw new Error('TOKENWATCH_EVENTS_HOP=memory needs the full detector (its state is kept in the changelog)');
      await drainEventsTopic({ ...consumerDeps('score'), store, scorer: deps.scorer, clickhouse, baselineOptions: deps.baselines });
      directIngest = await startDirectIngestConsumer({
        ...consumerDeps('normalize'),
        inputs,
        normalizeOptions: { fingerprintKey: deps.fingerprintKey },
        normalizeState: deps.normalizeState ?? {},
        store,
        baselines,
        eventPartitions: await partitionCount(deps.kafka, topics.events),
      });
      consumers.push(directIngest);
    }
    if (!direct && roles.includes('score') && clickhouse && store) {
      consumers.push(
        await startScoreConsumer({
          ...consumerDeps('score'),
          ...(inlineWrites ? { store } : {}),
          scorer: deps.scorer,
          baselines: createScoreBaselines(deps.scorer, clickhouse, deps.log, deps.baselines, now),
        }),
      );
    }
    if (roles.includes('store') && store) consumers.push(await startStoreConsumer({ ...consumerDeps('store'), store }));
    if (!direct && roles.includes('normalize')) {
      consumers.push(
        await startNormalizeConsumer({
          ...consumerDeps('normalize'),
          inputs,
          normalizeOptions: { fingerprintKey: deps.fingerprintKey },
          normalizeState: deps.normalizeState ?? {},
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(consumers.map((c) => c.stop()));
    await producer.disconnect();
    throw error;
  }
  return {
    eventsHop: direct ? 'memory' : 'kafka',
    httpIngestRouter: ({ adapterOptions }) =>
      createIngestRouter({
        producer,
        topics,
        fingerprintKey: deps.fingerprintKey,
        adapterOptions: adapterOptions ?? {},
        normalizeState: deps.normalizeState ?? {},
        ...(directIngest ? { submit: directIngest.submit, storeAvailable: directIngest.available } : {}),
        metrics,
        log: deps.log,
        now,
      }),
    async stop() {
      // Intake first: every consumer finishes its in-flight batch and commits; then the writers flush.
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await store?.close();
      await producer.disconnect();
    },
  };
}

function checkDirectIngest(roles: readonly IngestRole[], inlineWrites: boolean): void {
  const both = roles.includes('normalize') && roles.includes('score') && !roles.includes('store');
  if (!both) throw new Error(`TOKENWATCH_EVENTS_HOP=memory runs normalize and score together; not with the roles ${roles.join(', ')}`);
  if (!inlineWrites) throw new Error('TOKENWATCH_EVENTS_HOP=memory writes events to ClickHouse itself; not with TOKENWATCH_ANALYTICS_WRITER=separate');
}

async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const count = (await topicPartitionCounts(kafka, [topic])).get(topic);
  if (count === undefined) throw new Error(`topic ${topic} does not exist`);
  return count;
}

/** Co-partitioned with the events topic: a token's state is written to the partition of its events. */
async function ensureTokenStateTopic(kafka: Kafka, topics: TopicSet): Promise<void> {
  const counts = await topicPartitionCounts(kafka, [topics.events, topics.tokenState]);
  const events = counts.get(topics.events);
  if (events === undefined) throw new Error(`topic ${topics.events} does not exist`);
  const state = counts.get(topics.tokenState);
  if (state === undefined) {
    await ensureTopics(kafka, [{ topic: topics.tokenState, partitions: events, config: TOKEN_STATE_TOPIC_CONFIG }]);
  } else if (state < events) {
    throw new Error(
      `topic ${topics.tokenState} has ${state} partitions but ${topics.events} has ${events}: the token state changelog needs at least as many (add partitions to it)`,
    );
  }
}

function pipelineInputs(deps: IngestPipelineDeps, topics: TopicSet): IngestInput[] {
  if (deps.inputs) {
    if (deps.inputs.length === 0) throw new Error('startIngestPipeline: inputs is empty');
    return deps.inputs;
  }
  if (!deps.adapter) throw new Error('startIngestPipeline needs inputs or an adapter');
  return [{ topic: topics.rawAccess, format: deps.adapter.gateway, adapter: deps.adapter }];
}
