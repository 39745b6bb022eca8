import { randomBytes } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import type { TopicSet } from '@tokenwatch/contracts';
import type { NoopRun } from './native-noop';

/** A consumer with the project's client (kafkajs) that does nothing but count `count` messages of a topic. */
export async function drainWithoutWork(kafka: Kafka, topic: string, count: number): Promise<NoopRun> {
  const cpuStart = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpuStart);
  await consumer.disconnect();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export interface AlertProbe {
  /** The records of one burst and the fingerprint of the token they belong to. */
  burst(index: number): { records: string[]; fp: string };
}

export interface AlertLatency {
  p50: number;
  p99: number;
  /** Bursts whose alert did not arrive within the timeout. */
  missed: number;
}

/**
 * Produces `bursts` auth-failure bursts one after another and times each from the start of its
 * produce to the arrival of a firing alert of that token on the alerts topic.
 */
export async function measureAlertLatency(kafka: Kafka, topics: TopicSet, probe: AlertProbe, bursts: number, timeoutMs = 5_000): Promise<AlertLatency> {
  const consumer = kafka.consumer({ groupId: `bench-alerts-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.alerts, fromBeginning: false });
  const waiting = new Map<string, () => void>();
  await consumer.run({
    eachMessage: async ({ message }) => {
      const alert = JSON.parse(message.value?.toString() ?? '{}') as { token?: { fp?: string }; state?: string };
      if (alert.state === 'firing' && alert.token?.fp) waiting.get(alert.token.fp)?.();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the reader join before the first burst

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const latencies: number[] = [];
  let missed = 0;
  for (let b = 0; b < bursts; b++) {
    const { records, fp } = probe.burst(b);
    let timer: NodeJS.Timeout | undefined;
    const got = new Promise<boolean>((resolve) => {
      waiting.set(fp, () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const start = performance.now();
    await producer.send({ topic: topics.rawAccess, acks: -1, messages: records.map((value) => ({ value })) });
    if (await got) latencies.push(performance.now() - start);
    else missed++;
    clearTimeout(timer);
    waiting.delete(fp);
  }
  await producer.disconnect();
  await consumer.disconnect();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), missed };
}
