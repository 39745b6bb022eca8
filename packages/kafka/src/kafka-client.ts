import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { kafkajsSecurityOptions, type KafkaSecurity } from './kafka-security';

export type { Kafka } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** TLS and SASL from the KAFKA_* security settings; default PLAINTEXT. */
  security?: KafkaSecurity;
  /** Receives kafkajs' own warnings and errors; default: dropped. */
  log?: (level: 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
}

/** Errors kafkajs logs at ERROR level and then retries by itself, e.g. while a fresh broker elects coordinators. */
const TRANSIENT_STARTUP_ERRORS = /coordinator is not available|not the correct coordinator|leader not available|does not host this topic-partition/i;

export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkajsSecurityOptions(options.security),
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        if (!options.log) return;
        const { message, ...extra } = log;
        const transient = TRANSIENT_STARTUP_ERRORS.test(String(extra['error'] ?? ''));
        options.log(level === logLevel.ERROR && !transient ? 'error' : 'warn', String(message), extra);
      },
  });
}
