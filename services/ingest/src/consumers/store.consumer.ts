import { runBatchConsumer, type ConsumedMessage, type RunningConsumer } from '@tokenwatch/kafka';
import { decodeAlertMessages, decodeEventMessages, publishBatch, reasonLabel, type PipelineSinks, type PublishableBatch } from '@tokenwatch/pipeline';
import type { EventStore } from './event-store';
import { deadLetterSink } from './kafka-sinks';
import { consumerHooks, type ConsumerDeps } from './consumer-deps';

export interface StoreConsumerDeps extends ConsumerDeps {
  /** The writer that owns the analytics connection (ClickHouse access_events and alerts). */
  store: EventStore;
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
    ...consumerHooks(deps, stage),
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
