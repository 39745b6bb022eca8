import type { TopicSet } from '@tokenwatch/contracts';
import { runBatchConsumer, type ConsumedMessage, type Kafka, type MessageProducer, type RunningConsumer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import { decodeAlertMessages, decodeEventMessages, publishBatch, reasonLabel, type PipelineSinks, type PublishableBatch } from '@tokenwatch/pipeline';
import type { IngestMetrics } from '../ingest.metrics';
import type { EventStore } from './event-store';
import { deadLetterSink } from './kafka-sinks';

export interface StoreConsumerDeps {
  kafka: Kafka;
  producer: MessageProducer;
  /** The writer that owns the analytics connection (ClickHouse access_events and alerts). */
  store: EventStore;
  groupId: string;
  topics: TopicSet;
  metrics: IngestMetrics;
  log: Logger;
  now: () => number;
  /** Batches of different partitions in flight at once (see runBatchConsumer); rows of concurrent batches share an insert. */
  partitionsConcurrently?: number;
}

/**
 * The writer role: tokenwatch.events.v1 -> ClickHouse access_events and tokenwatch.alerts.v1 ->
 * alerts, so that scorers (TOKENWATCH_ANALYTICS_WRITER=separate) need no ClickHouse of their own.
 * Offsets are committed only after the rows are stored; a record that does not decode goes to the
 * events DLQ with its reason (the source-topic header says which topic it came from) and the
 * partition moves on. Both tables are ReplacingMergeTree by id, so a batch delivered again is stored once.
 */
export function startStoreConsumer(deps: StoreConsumerDeps): Promise<RunningConsumer> {
  const stage = 'store';
  const sinks: PipelineSinks<ConsumedMessage> = {
    events: (events) => deps.store.saveEvents(events),
    alerts: (alerts) => deps.store.saveAlerts(alerts),
    deadLetters: deadLetterSink(deps.producer, deps.topics.eventsDlq),
  };
  // A batch is one partition's (runBatchConsumer), so one topic's.
  const decode = (messages: ConsumedMessage[]): PublishableBatch<ConsumedMessage> => {
    const topic = messages[0]?.topic;
    if (topic === deps.topics.events) return decodeEventMessages(messages);
    if (topic === deps.topics.alerts) return decodeAlertMessages(messages);
    throw new Error(`store: not subscribed to topic ${topic}`);
  };
  return runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topics.events, deps.topics.alerts],
    partitionsConcurrently: deps.partitionsConcurrently,
    onLag: (lag, { topic, partition }) => deps.metrics.consumerLag.set({ group: deps.groupId, topic, partition: String(partition) }, lag),
    onRetry: (error, attempt, where) => {
      deps.metrics.batchRetries.inc({ stage });
      deps.log.warn({ err: error, attempt, ...where }, 'store batch failed; retrying');
    },
    handle: async (messages) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      const batch = decode(messages);
      await publishBatch(batch, sinks, deps.now());
      deps.metrics.recordsIn.inc({ stage }, messages.length);
      deps.metrics.eventsOut.inc({ stage }, batch.events?.length ?? 0);
      for (const letter of batch.deadLetters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason) });
      timer();
    },
  });
}
