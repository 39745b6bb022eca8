import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { consumedMessage, type ConsumedMessage } from './consumed-message';

export interface ReadToEndOptions {
  topic: string;
  partitions: readonly number[];
  /** The throwaway group's name starts with this (an ACL may grant only a prefix of group names). */
  groupIdPrefix: string;
  /** Called with each fetched batch of one partition, in offset order. */
  onMessages: (messages: ConsumedMessage[]) => void;
  /** Called while reading, e.g. the caller's own group heartbeat during a long restore. */
  onProgress?: () => Promise<void>;
  /** Gives up after this long (a partition that cannot be read must not hang a consumer). Default 120 s. */
  timeoutMs?: number;
}

/**
 * Reads the given partitions of a topic from their first to their last offset as of the call (the
 * high watermarks then), and returns how many messages were read. kafkajs has no manual partition
 * assignment, so a throwaway consumer group does it: it pauses the partitions it was not asked for,
 * and the group is deleted afterwards. Used to restore state from a compacted changelog.
 */
export async function readPartitionsToEnd(kafka: Kafka, options: ReadToEndOptions): Promise<number> {
  const wanted = new Set(options.partitions);
  if (wanted.size === 0) return 0;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${options.groupIdPrefix}-restore-${randomUUID()}`;
  try {
    const ends = new Map<number, bigint>();
    for (const { partition, high, low } of await admin.fetchTopicOffsets(options.topic)) {
      if (wanted.has(partition) && BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
    }
    if (ends.size === 0) return 0;
    return await readUntil(kafka, groupId, options, ends);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function readUntil(kafka: Kafka, groupId: string, options: ReadToEndOptions, ends: Map<number, bigint>): Promise<number> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
  let read = 0;
  // Boxed: whatever a callback threw is rethrown as it is, even a non-Error.
  let failure: { error: unknown } | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const pending = new Set(ends.keys());
  const timer = setTimeout(() => {
    failure = { error: new Error(`reading ${options.topic} partitions ${[...pending].join(',')} to their end took over ${options.timeoutMs ?? 120_000} ms`) };
    finish();
  }, options.timeoutMs ?? 120_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined || !pending.has(batch.partition)) {
          consumer.pause([{ topic: options.topic, partitions: [batch.partition] }]);
          return;
        }
        const messages: ConsumedMessage[] = [];
        for (const m of batch.messages) {
          if (BigInt(m.offset) >= end) break;
          messages.push(consumedMessage(batch, m));
        }
        try {
          if (messages.length > 0) options.onMessages(messages);
          read += messages.length;
          await options.onProgress?.();
        } catch (error) {
          failure ??= { error };
          finish();
          return;
        }
        // Compaction leaves gaps: the partition is done once the batch reaches the end, whatever its last offset.
        if (BigInt(batch.lastOffset()) + 1n >= end) {
          pending.delete(batch.partition);
          consumer.pause([{ topic: options.topic, partitions: [batch.partition] }]);
          if (pending.size === 0) finish();
        }
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  if (failure !== undefined) throw failure.error;
  return read;
}
