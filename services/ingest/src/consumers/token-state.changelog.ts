import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Detector } from '@tokenwatch/detector';
import { readPartitionsToEnd, type Kafka, type MessageProducer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import { TokenStateLog, type BatchStateTaker, type RawMessage } from '@tokenwatch/pipeline';
import type { IngestMetrics } from '../ingest.metrics';

export interface StateChangelogDeps {
  kafka: Kafka;
  producer: MessageProducer;
  /** The compacted token-state topic, partitioned like the events topic. */
  topic: string;
  /** The score group; the restore reader's throwaway group is named under it (ACLs grant group prefixes). */
  groupId: string;
  detector: Detector;
  /** A token's events partition for events scored in memory (see TokenStateLog). */
  partitionOf?: (fp: string) => number;
  metrics: IngestMetrics;
  log: Logger;
}

/**
 * The Kafka shell of TokenStateLog: reads a partition's state back on assignment, writes a batch's changes.
 * As the score stage's state taker it takes a batch's records right after it was scored (so they hold
 * exactly its state, whatever other partitions' batches do next); `send` them after the batch's effects
 * are published, before its offsets are committed.
 */
export interface StateChangelog extends BatchStateTaker<StateRecords> {
  unapplied: TokenStateLog['unapplied'];
  unappliedEvents: TokenStateLog['unappliedEvents'];
  /** Before a partition's first batch since it was assigned (or, scoring in memory, all of them at start). */
  ensureRestored(partitions: number[], heartbeat: () => Promise<void>): Promise<void>;
  /** Several partitions' records (a batch scored in memory touches many) in one produce request. */
  send(...records: StateRecords[]): Promise<void>;
  /** Tokens changed between batches (resolved by an idle tick). */
  writeOutsideBatch(alerts: readonly Alert[]): Promise<void>;
  /** Partitions moved: what memory holds is dropped, to be read back per partition. */
  forgetAll(): void;
}

export interface StateRecords {
  partition: number;
  messages: Array<{ key: string; value: string; partition: number }>;
  /** forgetAll() calls before these were taken or last loaded: from an earlier generation they are not in memory. */
  generation: number;
}

export function createStateChangelog(deps: StateChangelogDeps): StateChangelog {
  const stateLog = new TokenStateLog(deps.detector, deps.partitionOf);
  let generation = 0;
  const send = async (messages: Array<{ key: string; value: string; partition?: number }>) => {
    if (messages.length === 0) return;
    await deps.producer.send(deps.topic, messages);
    deps.metrics.stateWritten.inc(messages.length);
  };
  return {
    unapplied: (messages) => stateLog.unapplied(messages),
    unappliedEvents: (partition, events, sources) => stateLog.unappliedEvents(partition, events, sources),
    async ensureRestored(partitions, heartbeat) {
      const missing = partitions.filter((p) => !stateLog.isRestored(p));
      if (missing.length === 0) return;
      const started = Date.now();
      // What compaction keeps: the newest record of each key. Until the broker compacts, a token has a
      // record per batch that touched it; parsing and restoring only its newest one is what makes a
      // restart quick.
      const newest = new Map<number, Map<string, RawMessage>>();
      let read = 0;
      await readPartitionsToEnd(deps.kafka, {
        topic: deps.topic,
        partitions: missing,
        groupIdPrefix: deps.groupId,
        onMessages: (messages: RawMessage[]) => {
          read += messages.length;
          for (const message of messages) {
            let ofPartition = newest.get(message.partition);
            if (!ofPartition) newest.set(message.partition, (ofPartition = new Map()));
            const key = message.key?.toString('utf8') ?? `~keyless@${message.offset}`;
            ofPartition.delete(key); // re-inserted last: the map keeps offset order
            ofPartition.set(key, message);
          }
        },
        onProgress: heartbeat,
      });
      let restored = 0;
      let unreadable = 0;
      for (const [partition, records] of newest) {
        const report = stateLog.restore(partition, [...records.values()]);
        restored += report.restored;
        unreadable += report.unreadable.length;
        for (const bad of report.unreadable) {
          deps.log.warn(
            { partition, offset: bad.offset, reason: bad.reason },
            'token state record skipped; that token resumes from token_baselines or learns again',
          );
        }
      }
      for (const partition of missing) stateLog.markRestored(partition);
      deps.metrics.stateRestored.inc({ outcome: 'restored' }, restored);
      if (unreadable > 0) deps.metrics.stateRestored.inc({ outcome: 'unreadable' }, unreadable);
      deps.log.info({ partitions: missing, read, restored, unreadable, ms: Date.now() - started }, 'token state restored');
    },
    take({ partition, lastOffset, events, alerts }) {
      const inBatch = new Set(events.map((e: AccessEvent) => e.token.fp));
      const others = alerts.filter((a) => !inBatch.has(a.token.fp)).map((a) => a.token.fp);
      return { partition, generation, messages: [...stateLog.changes(inBatch, partition, lastOffset), ...stateLog.changesOutsideBatch(others)] };
    },
    retake(records) {
      if (records.generation === generation) return;
      // Partitions moved after the batch was scored: memory was read back without its records.
      records.generation = generation;
      stateLog.restore(records.partition, asConsumed(deps.topic, records));
    },
    async send(...records) {
      await send(records.flatMap((r) => r.messages));
      for (const { partition } of records) stateLog.written(partition);
    },
    writeOutsideBatch: (alerts) => send(stateLog.changesOutsideBatch(alerts.map((a) => a.token.fp))),
    forgetAll: () => {
      generation++;
      stateLog.forgetAll();
    },
  };
}

const asConsumed = (topic: string, { partition, messages }: StateRecords): RawMessage[] =>
  messages.map((m) => ({ topic, partition, offset: '0', key: Buffer.from(m.key), value: Buffer.from(m.value), headers: {}, timestamp: 0 }));
