import { TokenwatchError } from '@tokenwatch/common';

/** Group protocol errors kafkajs marks non-retriable that pass once the member rejoins (kafkajs's own `isRebalancing`). */
const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);

interface KafkaJsErrorView {
  name?: unknown;
  type?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * True when a Kafka failure may pass if tried again later, read from kafkajs's error types (by name,
 * as kafkajs itself does, so a second copy of kafkajs classifies alike):
 * - a TokenwatchError says it itself (a KafkaAccessError never: a setting is wrong);
 * - `KafkaJSNumberOfRetriesExceeded`: kafkajs gave up on a failure it holds retriable (a connection
 *   refused, a leader moving) after its own retries: transient;
 * - `KafkaJSGroupCoordinatorNotFound`: no broker named a coordinator, as while `__consumer_offsets`
 *   is created or moves (kafkajs marks it non-retriable; a denied group arrives as its own protocol error);
 * - `KafkaJSProtocolError`: its `type`'s `retriable` (Kafka's protocol table), and a rebalance passes;
 * - `KafkaJSNonRetriableError` wrapping a cause (kafkajs's retrier bailing out): that cause decides;
 * - `KafkaJSAggregateError`: transient when all it holds are;
 * - any other kafkajs error (`KafkaJSConnectionError`, `KafkaJSRequestTimeoutError`,
 *   `KafkaJSBrokerNotFound`, `KafkaJSSASLAuthenticationError`, …): its `retriable`.
 * Anything else is not a Kafka failure this can vouch for: false.
 */
export function isTransientKafkaError(error: unknown): boolean {
  return transient(error, 0);
}

function transient(error: unknown, depth: number): boolean {
  if (error instanceof TokenwatchError) return error.retriable;
  if (typeof error !== 'object' || error === null || depth > 6) return false;
  const e = error as KafkaJsErrorView;
  const name = typeof e.name === 'string' ? e.name : '';
  if (!name.startsWith('KafkaJS')) return false;
  if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSGroupCoordinatorNotFound') return true;
  if (typeof e.type === 'string' && REBALANCING.has(e.type)) return true;
  if (name === 'KafkaJSAggregateError') return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => transient(inner, depth + 1));
  if (name === 'KafkaJSNonRetriableError' && e.cause !== undefined && e.cause !== error) return transient(e.cause, depth + 1);
  return e.retriable === true;
}
