import { expect, it } from 'vitest';
import type { Kafka, Message } from 'kafkajs';
import { chunkBySize, createProducer, MAX_RESENDS } from './producer';

it('splits a large send into chunks under the byte bound, keeping order', () => {
  const messages = Array.from({ length: 100 }, (_, i) => ({ key: null, value: `${i}`.padEnd(1000, 'x') }));
  const chunks = chunkBySize(messages, 10_000);
  expect(chunks.length).toBeGreaterThan(10);
  expect(chunks.flat()).toEqual(messages);
  for (const chunk of chunks) expect(chunk.reduce((n, m) => n + m.value.length + 64, 0)).toBeLessThanOrEqual(10_000);
});

it('keeps a single oversized message as its own chunk', () => {
  expect(chunkBySize([{ key: null, value: 'x'.repeat(50) }], 10)).toHaveLength(1);
  expect(chunkBySize([], 10)).toEqual([]);
});

/**
 * A kafkajs producer whose first send leaves partition 1 unacknowledged and still resolves, as kafkajs
 * 2.2.4 does when a partition's leader dies and the partition moves to a broker that already answered.
 */
function droppingKafka() {
  const sent: Array<{ partition: number; value: string }[]> = [];
  const kafka = {
    producer: ({ createPartitioner }: { createPartitioner: () => (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number }) => {
      const partitioner = createPartitioner();
      const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId + 1, replicas: [], isr: [] }));
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async ({ topic, messages }: { topic: string; messages: Message[] }) => {
          // kafkajs partitions the whole send again on each of its retries.
          const placed = messages.map((message) => ({ partition: partitioner({ topic, partitionMetadata, message }), value: String(message.value) }));
          placed.forEach((m, i) => expect(partitioner({ topic, partitionMetadata, message: messages[i]! })).toBe(m.partition));
          sent.push(placed);
          const partitions = [...new Set(placed.map((m) => m.partition))].filter((p) => sent.length > 1 || p !== 1);
          return partitions.map((partition) => ({ topicName: topic, partition, errorCode: 0 }));
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, sent };
}

it('sends again, to the same partition, what a resolved kafkajs send left unacknowledged', async () => {
  const { kafka, sent } = droppingKafka();
  const resends: Array<{ messages: number; partitions: number[] }> = [];
  const producer = await createProducer(kafka, { onResend: ({ messages, partitions }) => void resends.push({ messages, partitions }) });
  const messages = Array.from({ length: 60 }, (_, i) => ({ key: i % 2 === 0 ? `k${i}` : null, value: String(i) }));
  await producer.send('t', messages);
  expect(sent).toHaveLength(2);
  const lost = sent[0]!.filter((m) => m.partition === 1);
  expect(lost.length).toBeGreaterThan(0);
  expect(sent[1]).toEqual(lost);
  expect(resends).toEqual([{ messages: lost.length, partitions: [1] }]);
});

it('fails the send when a partition stays unacknowledged', async () => {
  const kafka = {
    producer: () => ({ connect: async () => undefined, send: async () => [], disconnect: async () => undefined }),
  } as unknown as Kafka;
  const producer = await createProducer(kafka);
  await expect(producer.send('t', [{ key: 'a', value: '1' }])).rejects.toThrow(`after ${MAX_RESENDS} resends`);
});
