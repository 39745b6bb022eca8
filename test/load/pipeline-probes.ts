import { randomBytes } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import type { TopicSet } from '@tokenwatch/contracts';
import { kongRecord } from '../e2e/support/kong-records';

/** Seconds for a consumer that does nothing but count to read `count` messages of a topic. */
export async function drainWithoutWork(kafka: Kafka, topic: string, count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-noop-${randomBytes(4).toString('hex')}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  const seconds = await new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (started === 0) started = performance.now();
        seen += batch.messages.length;
        if (seen >= count) resolve((performance.now() - started) / 1000);
      },
    });
  });
  await consumer.disconnect();
  return seconds;
}

/**
 * Produces `bursts` separate bursts of five 401s (each for a new key) and times each from the
 * produce of the fifth record to the arrival of its alert on the alerts topic.
 */
export async function measureAlertLatency(kafka: Kafka, topics: TopicSet, bursts: number): Promise<{ p50: number; p99: number }> {
  const consumer = kafka.consumer({ groupId: `bench-alerts-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.alerts, fromBeginning: false });
  let arrived: (() => void) | undefined;
  await consumer.run({ eachMessage: async () => arrived?.() });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the reader join before the first burst

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const latencies: number[] = [];
  for (let b = 0; b < bursts; b++) {
    const key = `sk_live_latency_${randomBytes(6).toString('hex')}`;
    const now = Date.now();
    const records = Array.from({ length: 5 }, (_, i) => JSON.stringify(kongRecord({ requestId: `lat-${key}-${i}`, startedAt: now + i, status: 401, apikey: key })));
    await producer.send({ topic: topics.rawAccess, acks: -1, messages: records.slice(0, 4).map((value) => ({ value })) });
    const got = new Promise<void>((resolve) => (arrived = resolve));
    const start = performance.now();
    await producer.send({ topic: topics.rawAccess, acks: -1, messages: [{ value: records[4]! }] });
    await got;
    latencies.push(performance.now() - start);
  }
  await producer.disconnect();
  await consumer.disconnect();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
