import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';

export interface BrokerProbeResult {
  clusterId: string;
  brokers: number;
}

/** TLS and SASL of the secured local broker's admin user; none for the PLAINTEXT broker. */
export interface BrokerProbeSecurity {
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}

/**
 * Asks the broker at `address` for cluster metadata with short timeouts and no retries, with
 * kafkajs logging switched off. Null when nothing answers (refused, timeout, not Kafka).
 */
export async function probeBroker(address: string, timeoutMs = 3_000, security: BrokerProbeSecurity = {}): Promise<BrokerProbeResult | null> {
  const kafka = new Kafka({
    clientId: 'tokenwatch-local-broker-probe',
    brokers: [address],
    ...security,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(1_000, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? { clusterId: cluster.clusterId, brokers: cluster.brokers.length } : null;
  } catch {
    return null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
