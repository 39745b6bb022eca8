import { Counter, Gauge, Histogram, type Registry } from '@tokenwatch/observability';

export interface IngestMetrics {
  recordsIn: Counter<'stage'>;
  eventsOut: Counter<'stage'>;
  /** `format` is the configured format name of the input (HTTP: the URL's), so at most a handful of values. */
  rejections: Counter<'stage' | 'reason' | 'format'>;
  alerts: Counter<'severity' | 'signal'>;
  batchSeconds: Histogram<'stage'>;
  batchRetries: Counter<'stage'>;
  consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  /** Token state records read back when partitions are assigned, by outcome (restored, unreadable). */
  stateRestored: Counter<'outcome'>;
  stateWritten: Counter;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    recordsIn: new Counter({
      name: 'tokenwatch_ingest_messages_in_total',
      help: 'Kafka messages consumed, by pipeline stage',
      labelNames: ['stage'],
      registers: [registry],
    }),
    eventsOut: new Counter({
      name: 'tokenwatch_ingest_events_out_total',
      help: 'Access events produced (normalize) or stored (score)',
      labelNames: ['stage'],
      registers: [registry],
    }),
    rejections: new Counter({
      name: 'tokenwatch_ingest_rejections_total',
      help: 'Records sent to a dead-letter topic, by reason and input format',
      labelNames: ['stage', 'reason', 'format'],
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'tokenwatch_alerts_emitted_total',
      help: 'Alerts emitted by severity and signal type',
      labelNames: ['severity', 'signal'],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'tokenwatch_ingest_batch_duration_seconds',
      help: 'Time to make one consumed batch durable',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'tokenwatch_kafka_consumer_lag',
      help: 'Messages not yet consumed, per group and partition, as of the last committed batch',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
    }),
    stateRestored: new Counter({
      name: 'tokenwatch_token_state_restored_total',
      help: 'Token state changelog records read back on partition assignment, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    stateWritten: new Counter({ name: 'tokenwatch_token_state_written_total', help: 'Token state changelog records written', registers: [registry] }),
    batchRetries: new Counter({
      name: 'tokenwatch_ingest_batch_retries_total',
      help: 'Batches retried after a transient failure',
      labelNames: ['stage'],
      registers: [registry],
    }),
  };
}
