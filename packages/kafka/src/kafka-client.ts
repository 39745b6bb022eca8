import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export type { Kafka } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Receives kafkajs' own warnings and errors; default: dropped. */
  log?: (level: 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
}

export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 5_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        if (!options.log) return;
        const { message, ...extra } = log;
        options.log(level === logLevel.ERROR ? 'error' : 'warn', String(message), extra);
      },
  });
}
