import type { TopicSet } from '@tokenwatch/contracts';
import type { BatchConsumerOptions, Kafka, MessageProducer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import type { IngestMetrics } from '../ingest.metrics';

/** What every ingest consumer (normalize, score, store) is started with. */
export interface ConsumerDeps {
  kafka: Kafka;
  producer: MessageProducer;
  groupId: string;
  topics: TopicSet;
  metrics: IngestMetrics;
  log: Logger;
  now: () => number;
  /** Batches of different partitions in flight at once (see runBatchConsumer). */
  partitionsConcurrently?: number;
}

/** The lag gauge and the retry counter and warning that every ingest consumer reports. */
export function consumerHooks(deps: ConsumerDeps, stage: string): Pick<BatchConsumerOptions, 'onLag' | 'onRetry'> {
  return {
    onLag: (lag, { topic, partition }) => deps.metrics.consumerLag.set({ group: deps.groupId, topic, partition: String(partition) }, lag),
    onRetry: (error, attempt, where) => {
      deps.metrics.batchRetries.inc({ stage });
      deps.log.warn({ err: error, attempt, ...where }, `${stage} batch failed; retrying`);
    },
  };
}
