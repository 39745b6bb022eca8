import type { Kafka } from 'kafkajs';
import { createProducer } from '@tokenwatch/kafka';

/**
 * Produces records as they are generated, in requests the broker accepts (the project producer:
 * acks=all, at most 512 KiB a request), so the whole set is never in memory.
 */
export async function produceRecords(kafka: Kafka, topic: string, records: Iterable<string>): Promise<{ count: number; bytes: number; seconds: number }> {
  const producer = await createProducer(kafka);
  const started = performance.now();
  let count = 0;
  let bytes = 0;
  let chunk: Array<{ key: null; value: string }> = [];
  for (const value of records) {
    chunk.push({ key: null, value });
    count++;
    bytes += Buffer.byteLength(value);
    if (chunk.length >= 5_000) {
      await producer.send(topic, chunk);
      chunk = [];
    }
  }
  await producer.send(topic, chunk);
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return { count, bytes, seconds };
}
