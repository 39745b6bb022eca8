import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type IHeaders } from 'kafkajs';

export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: 'tokenwatch-e2e', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export async function produce(kafka: Kafka, topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < values.length; i += 5_000) {
    await producer.send({ topic, acks: -1, messages: values.slice(i, i + 5_000).map((value) => ({ value })) });
  }
  await producer.disconnect();
}

export interface ReadMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface ReadOptions {
  timeoutMs?: number;
  /** A message whose key was already read is dropped and does not count. */
  distinctBy?: (m: ReadMessage) => string;
}

/** Reads a topic from the beginning with a throwaway group until `count` messages arrived. */
export async function readTopic(kafka: Kafka, topic: string, count: number, { timeoutMs = 60_000, distinctBy }: ReadOptions = {}): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  const messages: ReadMessage[] = [];
  const seen = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length}/${count} messages of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const read = { key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers: stringHeaders(message.headers) };
          if (distinctBy) {
            const id = distinctBy(read);
            if (seen.has(id)) return;
            seen.add(id);
          }
          messages.push(read);
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/**
 * Reads `count` distinct access events (by event id) from an events topic. Delivery is at least once:
 * a batch redelivered after a rebalance may put the same events on the topic twice.
 */
export function readEvents(kafka: Kafka, topic: string, count: number): Promise<ReadMessage[]> {
  return readTopic(kafka, topic, count, { distinctBy: (m) => (JSON.parse(m.value) as { id: string }).id });
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));
}

export { groupLag } from '@tokenwatch/kafka';

/** Sum of a group's committed offsets on a topic (0 before its first commit). */
export async function groupCommitted(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (committed?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}
