import type { Kafka, IHeaders } from 'kafkajs';
import { fastDefaultPartitioner } from './murmur2.partitioner';

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: IHeaders;
}

/**
 * Upper bound of one produce request's payload. A broker refuses a record batch above its
 * `message.max.bytes` (1 MiB by default), and kafkajs puts a partition's messages in one batch.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;

export interface MessageProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas. Large sends go in chunks, in order. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export async function createProducer(kafka: Kafka): Promise<MessageProducer> {
  const producer = kafka.producer({
    // Java-compatible murmur2 partitioning (a key lands on the same partition as with other clients), without kafkajs' slow Long maths.
    createPartitioner: fastDefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    async send(topic, messages) {
      for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) await producer.send({ topic, acks: -1, messages: chunk });
    },
    disconnect: () => producer.disconnect(),
  };
}

export function chunkBySize(messages: OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = byteLength(message.value) + (message.key ? byteLength(message.key) : 0) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const byteLength = (value: string | Buffer): number => (typeof value === 'string' ? Buffer.byteLength(value) : value.length);
