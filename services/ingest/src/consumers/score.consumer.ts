import type { TopicSet } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import { runBatchConsumer, sendDeadLetters, type ConsumedMessage, type Kafka, type MessageProducer, type RunningConsumer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import type { IngestMetrics } from '../ingest.metrics';
import { reasonLabel } from '../pipeline/normalize.step';
import { scoreMessages, type ScoredBatch } from '../pipeline/score.step';
import type { EventStore } from './event-store';

export interface ScoreConsumerDeps {
  kafka: Kafka;
  producer: MessageProducer;
  store: EventStore;
  scorer: Scorer;
  groupId: string;
  topics: TopicSet;
  metrics: IngestMetrics;
  log: Logger;
  now: () => number;
}

/**
 * tokenwatch.events.v1 -> ClickHouse access_events + alerts, and tokenwatch.alerts.v1.
 * Offsets are committed only after ClickHouse and the alerts topic acknowledged the batch.
 */
export function startScoreConsumer(deps: ScoreConsumerDeps): Promise<RunningConsumer> {
  const stage = 'score';
  // A retried batch is the same array: score it once, so detector state never counts an event twice.
  const scored = new WeakMap<ConsumedMessage[], ScoredBatch>();
  return runBatchConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topics.events],
    onLag: (lag, { topic, partition }) => deps.metrics.consumerLag.set({ group: deps.groupId, topic, partition: String(partition) }, lag),
    onRetry: (error, attempt, where) => {
      deps.metrics.batchRetries.inc({ stage });
      deps.log.warn({ err: error, attempt, ...where }, 'score batch failed; retrying');
    },
    handle: async (messages) => {
      const timer = deps.metrics.batchSeconds.startTimer({ stage });
      let batch = scored.get(messages);
      if (!batch) {
        batch = scoreMessages(messages, deps.scorer);
        scored.set(messages, batch);
      }
      const { events, alerts, deadLetters } = batch;
      await Promise.all([
        deps.store.saveEvents(events),
        deps.store.saveAlerts(alerts),
        deps.producer.send(deps.topics.alerts, alerts.map((alert) => ({ key: alert.token.fp, value: JSON.stringify(alert) }))),
        sendDeadLetters(deps.producer, deps.topics.eventsDlq, deadLetters, deps.now()),
      ]);
      deps.metrics.recordsIn.inc({ stage }, messages.length);
      deps.metrics.eventsOut.inc({ stage }, events.length);
      for (const letter of deadLetters) deps.metrics.rejections.inc({ stage, reason: reasonLabel(letter.reason) });
      for (const alert of alerts) {
        for (const signal of alert.signals) deps.metrics.alerts.inc({ severity: alert.severity, signal: signal.type });
        deps.log.info({ alertId: alert.id, severity: alert.severity, state: alert.state, token: alert.token }, alert.summary);
      }
      timer();
    },
  });
}
