/**
 * Control of the local single-node Apache Kafka broker (KRaft) used by tests, CI, `tokenwatch up`
 * and `tokenwatch kafka start|stop|status`. See infra/kafka/README.md.
 */
export { ensureKafkaJars, type KafkaJarsOptions } from './kafka-jars';
export { CLUSTER_REPLICATION } from './cluster-properties';
export {
  DEFAULT_CLUSTER_PORT,
  killClusterNode,
  localClusterStatus,
  startLocalCluster,
  stopLocalCluster,
  type ClusterNodeStatus,
  type LocalClusterOptions,
  type LocalClusterStatus,
} from './local-cluster';
export { LocalBrokerError } from './local-broker-error';
export { SECURE_BROKER_USER, type SecureBrokerOptions } from './secure-broker-setup';
export { ensureCertificate, ensureThrowawayCa, type IssuedCertificate, type ThrowawayCa } from './throwaway-tls';
export { unsecuredJwt } from './unsecured-jwt';
export {
  DEFAULT_SECURE_BROKER_PORT,
  localBrokerStatus,
  startLocalBroker,
  stopLocalBroker,
  type LocalBrokerOptions,
  type LocalBrokerStatus,
} from './local-broker';
