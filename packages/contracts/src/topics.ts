/** Kafka topic names: the only place they are spelled out. */
const TOPIC_NAMES = {
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
  /** Compacted: each token's detector state, keyed by fingerprint, in the partition of its events. */
  tokenState: 'tokenwatch.token-state.v1',
} as const;

export type TopicSet = { readonly [K in keyof typeof TOPIC_NAMES]: string };

/**
 * The topic set, optionally under a namespace prefix ("staging" -> "staging.gateway.access.v1"),
 * so that several deployments or test runs can share one cluster.
 */
export function topicNames(prefix?: string): TopicSet {
  if (!prefix) return TOPIC_NAMES;
  const entries = Object.entries(TOPIC_NAMES).map(([role, name]) => [role, `${prefix}.${name}`]);
  return Object.fromEntries(entries) as TopicSet;
}

export const Topics: TopicSet = TOPIC_NAMES;

/** Header names used on dead-letter records. */
export const DlqHeaders = {
  reason: 'tw-dlq-reason',
  sourceTopic: 'tw-dlq-source-topic',
  sourcePartition: 'tw-dlq-source-partition',
  sourceOffset: 'tw-dlq-source-offset',
  failedAt: 'tw-dlq-failed-at',
} as const;
