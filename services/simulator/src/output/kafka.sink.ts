import { createKafka, createProducer, ensureTopics, type KafkaSecurity, type OutgoingMessage } from '@tokenwatch/kafka';
import { Pacer, type Pace } from './pacing';

export interface KafkaSinkOptions {
  brokers: string[];
  /** TLS and SASL of the cluster (the KAFKA_* security settings); default PLAINTEXT. */
  security?: KafkaSecurity;
  topic: string;
  /** Partitions when the topic has to be created. */
  partitions: number;
  pace: Pace;
  /** Messages per produce request at most; default 500. */
  batchSize?: number;
  onProgress?: (sent: number, ts: number) => void;
  signal?: AbortSignal;
}

/**
 * Produces raw gateway records (one per message, no key: gateways log unkeyed) at the chosen pace.
 * Messages are flushed when a batch is full and before every pause, so a slow pace never holds
 * records back.
 */
export async function produceRecords(records: Iterable<{ ts: number; record: string }>, options: KafkaSinkOptions): Promise<number> {
  const kafka = createKafka({ brokers: options.brokers, clientId: 'tokenwatch-simulator', security: options.security });
  await ensureTopics(kafka, [{ topic: options.topic, partitions: options.partitions }]);
  const producer = await createProducer(kafka);
  const pacer = new Pacer(options.pace);
  const batchSize = options.batchSize ?? 500;
  let batch: OutgoingMessage[] = [];
  let sent = 0;
  let lastTs = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await producer.send(options.topic, batch);
    sent += batch.length;
    batch = [];
    options.onProgress?.(sent, lastTs);
  };
  try {
    for (const { ts, record } of records) {
      if (options.signal?.aborted) break;
      const wait = pacer.dueIn(ts);
      if (wait > 0) {
        await flush();
        await pacer.sleep(wait);
      }
      batch.push({ key: null, value: record });
      lastTs = ts;
      pacer.sent();
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return sent;
  } finally {
    await producer.disconnect();
  }
}
