import type { Kafka } from 'kafkajs';

/** Messages of a topic that a consumer group has not committed yet, over all partitions (all of them before its first commit). */
export async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((lag, p) => lag + Math.max(0, Number(p.high) - Math.max(Number(p.low), done.get(p.partition) ?? 0)), 0);
  } finally {
    await admin.disconnect();
  }
}
