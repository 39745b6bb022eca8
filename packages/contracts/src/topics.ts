/** Kafka topic names: the only place they are spelled out. */
export const Topics = {
  /** Raw gateway records: one JSON object, or a JSON array, per message. */
  rawAccess: 'gateway.access.v1',
  /** Raw records that could not be normalized: original bytes + reason headers. */
  rawAccessDlq: 'gateway.access.v1.dlq',
  /** AccessEvent v1, keyed by token fingerprint. */
  events: 'tokenwatch.events.v1',
  /** Events that could not be scored (e.g. fail the AccessEvent schema). */
  eventsDlq: 'tokenwatch.events.v1.dlq',
  /** Alert v1, keyed by token fingerprint. */
  alerts: 'tokenwatch.alerts.v1',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Header names used on dead-letter records. */
export const DlqHeaders = {
  reason: 'tw-dlq-reason',
  sourceTopic: 'tw-dlq-source-topic',
  sourcePartition: 'tw-dlq-source-partition',
  sourceOffset: 'tw-dlq-source-offset',
  failedAt: 'tw-dlq-failed-at',
} as const;
