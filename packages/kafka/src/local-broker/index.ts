/**
 * Control of the local single-node Apache Kafka broker (KRaft) used by tests, CI, `tokenwatch up`
 * and `tokenwatch kafka start|stop|status`. See infra/kafka/README.md.
 */
export { ensureKafkaJars, type KafkaJarsOptions } from './kafka-jars';
export { LocalBrokerError } from './local-broker-error';
export {
  localBrokerStatus,
  startLocalBroker,
  stopLocalBroker,
  type LocalBrokerOptions,
  type LocalBrokerStatus,
} from './local-broker';
