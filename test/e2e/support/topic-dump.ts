import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** One message exactly as stored on the broker: key, value and header values as bytes. */
export interface RawMessage {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Buffer[];
}

/**
 * Every message of a topic, from the beginning up to the end offsets of the moment of the call:
 * unlike readTopic it does not need to know a count, so nothing on the topic goes unread.
 */
export async function readWholeTopic(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<RawMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const messages: RawMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `e2e-dump-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${topic}: partitions ${[...remaining.keys()].join(', ')} not read to the end in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          if (end === undefined || Number(message.offset) >= end) return;
          const headers = Object.values(message.headers ?? {})
            .flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
            .map((v) => Buffer.from(v));
          messages.push({ partition, key: message.key, value: message.value, headers });
          if (Number(message.offset) + 1 >= end) remaining.delete(partition);
          if (remaining.size === 0) {
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

/** Whether `needle` occurs anywhere in the message's key, value or headers (as raw bytes). */
export function messageContains(message: RawMessage, needle: string): boolean {
  const bytes = Buffer.from(needle);
  return [message.key, message.value, ...message.headers].some((part) => part !== null && part.includes(bytes));
}
