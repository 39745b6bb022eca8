import type { Kafka, IHeaders } from 'kafkajs';
import { fastDefaultPartitioner } from './murmur2.partitioner';

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: IHeaders;
  /** An explicit partition (co-partitioned topics, e.g. a changelog beside its input); else the key decides. */
  partition?: number;
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

export interface ProducerOptions {
  /** Told when messages that kafkajs reported as sent had no acknowledgement and are sent again. */
  onResend?: (resend: { topic: string; messages: number; partitions: number[] }) => void;
}

/** Rounds of sending again what a resolved kafkajs send left unacknowledged before the send fails. */
export const MAX_RESENDS = 5;

/**
 * kafkajs (2.2.4, sendMessages.js) keeps one response per broker across the retries of a send and,
 * on a retry, only sends to brokers without one. When a leader dies mid-send and its partition moves
 * to a broker that already answered for its own partitions, that partition's messages are sent to
 * nobody and `send` still resolves (tulios/kafkajs#1303): 69–90 acknowledged records lost per broker
 * kill in test/e2e/kafka-cluster.e2e.test.ts. So every message keeps the partition kafkajs first gave
 * it for the whole send, and the messages of a partition missing from the send's acknowledgements
 * are sent again (to that partition, in order) until every partition is acknowledged.
 */
export async function createProducer(kafka: Kafka, options: ProducerOptions = {}): Promise<MessageProducer> {
  // Java-compatible murmur2 partitioning (a key lands on the same partition as with other clients), without kafkajs' slow Long maths.
  const partition = fastDefaultPartitioner();
  /** The partition of each message of the sends under way: kafkajs' retries and our resends keep it. */
  const placed = new WeakMap<object, { topic: string; partition: number }>();
  const producer = kafka.producer({
    createPartitioner: () => (args) => {
      const known = placed.get(args.message);
      if (known && known.topic === args.topic && known.partition < args.partitionMetadata.length) return known.partition;
      const chosen = partition(args);
      placed.set(args.message, { topic: args.topic, partition: chosen });
      return chosen;
    },
    allowAutoTopicCreation: false,
  });
  await producer.connect();

  const sendChunk = async (topic: string, chunk: OutgoingMessage[]) => {
    let pending = chunk;
    try {
      for (let resends = 0; ; resends++) {
        const acknowledged = await producer.send({ topic, acks: -1, messages: pending });
        const done = new Set(acknowledged.filter((r) => r.topicName === topic && r.errorCode === 0).map((r) => r.partition));
        const missed = pending.filter((m) => !done.has(placed.get(m)?.partition ?? -1));
        if (missed.length === 0) return;
        const partitions = [...new Set(missed.map((m) => placed.get(m)?.partition ?? -1))].sort((a, b) => a - b);
        if (resends >= MAX_RESENDS) {
          throw new Error(`${missed.length} messages to ${topic} (partitions ${partitions.join(', ')}) were not acknowledged after ${MAX_RESENDS} resends`);
        }
        options.onResend?.({ topic, messages: missed.length, partitions });
        pending = missed;
      }
    } finally {
      for (const m of chunk) placed.delete(m);
    }
  };

  return {
    async send(topic, messages) {
      for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) await sendChunk(topic, chunk);
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
