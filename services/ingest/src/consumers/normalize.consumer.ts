import type { TopicSet } from '@tokenwatch/contracts';
import type { GatewayAdapter, NormalizeOptions } from '@tokenwatch/formats';
import { runBatchConsumer, sendDeadLetters, type Kafka, type MessageProducer, type RunningConsumer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import type { IngestMetrics } from '../ingest.metrics';
import { normalizeMessages, reasonLabel, type NormalizeStepState } from '../pipeline/normalize.step';

export interface NormalizeConsumerDeps {
  kafka: Kafka;
  producer: MessageProducer;
  adapter: GatewayAdapter;
  normalizeOptions: NormalizeOptions;
  normalizeState: NormalizeStepState;
  groupId: string;
  topics: TopicSet;
  metrics: IngestMetrics;
  log: Logger;
  now: () => number;
}

/** gateway.access.v1 -> tokenwatch.events.v1 (keyed by fingerprint), bad records -> gateway.access.v1.dlq. */
export function startNormalizeConsumer(deps: NormalizeConsumerDeps): Promise<RunningConsumer> {
  const stage = 'normalize';
  return runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topics.rawAccess],
    onLag: (lag, { topic, partition }) => deps.metrics.consumerLag.set({ group: deps.groupId, topic, partition: String(partition) }, lag),
    onRetry: (error, attempt, where) => {
      deps.metrics.batchRetries.inc({ stage });
      deps.log.warn({ err: error, attempt, ...where }, 'normalize batch failed; retrying');
    },
    handle: async (messages) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      const { events, deadLetters } = normalizeMessages(messages, deps.adapter, deps.normalizeOptions, deps.normalizeState);
      await Promise.all([
        deps.producer.send(deps.topics.events, events.map((event) => ({ key: event.token.fp, value: JSON.stringify(event) }))),
        sendDeadLetters(deps.producer, deps.topics.rawAccessDlq, deadLetters, deps.now()),
      ]);
      deps.metrics.recordsIn.inc({ stage }, messages.length);
      deps.metrics.eventsOut.inc({ stage }, events.length);
      for (const letter of deadLetters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason) });
      timer();
    },
  });
}
