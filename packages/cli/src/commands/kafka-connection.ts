import { topicNames } from '@tokenwatch/contracts';
import type { IngestConfig } from '@tokenwatch/ingest';
import { checkKafkaAccess, createKafka, withKafkaErrors, type Kafka, type KafkaClientOptions, type KafkaErrorContext } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';

/** The topics and groups a tokenwatch process uses, for permission errors that say what to grant. */
export function kafkaErrorContext(config: IngestConfig, brokers: string[]): KafkaErrorContext {
  const prefix = config.TOKENWATCH_TOPIC_PREFIX;
  return {
    brokers,
    security: config.kafkaSecurity,
    topics: prefix ? [`${prefix}.*`] : Object.values(topicNames()),
    groups: [`${config.TOKENWATCH_GROUP_PREFIX}-*`],
  };
}

export function kafkaClientOptions(config: IngestConfig, brokers: string[], clientId: string, log?: Logger): KafkaClientOptions {
  return {
    brokers,
    clientId,
    security: config.kafkaSecurity,
    ...(log ? { log: (level: 'warn' | 'error', message: string, extra: Record<string, unknown>) => log[level](extra, message) } : {}),
  };
}

/**
 * Kafka clients with the configured TLS and SASL, after one connection check: a wrong password, CA
 * or server name (or no ACL on `consumerGroup`, for commands that consume) stops the command at once
 * with one line saying which setting to fix.
 */
export async function connectKafka(config: IngestConfig, brokers: string[], clientId: string, log?: Logger, consumerGroup?: string): Promise<Kafka> {
  const options = kafkaClientOptions(config, brokers, clientId, log);
  const context = kafkaErrorContext(config, brokers);
  await checkKafkaAccess(options, { topics: context.topics ?? [], groups: context.groups ?? [] }, consumerGroup === undefined ? {} : { consumerGroup });
  return createKafka(options);
}

/** Runs Kafka work of a command (on `topics`, default the tokenwatch ones); a permission or credential failure comes out as its clear error. */
export function withKafkaErrorsOf<T>(config: IngestConfig, brokers: string[], work: () => Promise<T>, topics?: string[]): Promise<T> {
  return withKafkaErrors({ ...kafkaErrorContext(config, brokers), ...(topics ? { topics } : {}) }, work);
}
