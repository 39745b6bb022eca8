import type { Alert } from '@tokenwatch/contracts';
import type { Detector } from '@tokenwatch/detector';
import { readPartitionsToEnd, type Kafka, type MessageProducer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import { TokenStateLog, type RawMessage } from '@tokenwatch/pipeline';
import type { IngestMetrics } from '../ingest.metrics';

export interface StateChangelogDeps {
  kafka: Kafka;
  producer: MessageProducer;
  /** The compacted token-state topic, partitioned like the events topic. */
  topic: string;
  /** The score group; the restore reader's throwaway group is named under it (ACLs grant group prefixes). */
  groupId: string;
  detector: Detector;
  metrics: IngestMetrics;
  log: Logger;
}

/** The Kafka shell of TokenStateLog: reads a partition's state back on assignment, writes a batch's changes. */
export interface StateChangelog {
  unapplied: TokenStateLog['unapplied'];
  /** Before a partition's first batch since it was assigned. */
  ensureRestored(partition: number, heartbeat: () => Promise<void>): Promise<void>;
  /**
   * The batch's records, taken right after it was scored (so they hold exactly its state, whatever
   * other partitions' batches do next); `send` them after its effects are published, before its offsets are committed.
   */
  records(batch: { partition: number; lastOffset: string; fps: Iterable<string>; alerts: readonly Alert[] }): StateRecords;
  send(records: StateRecords): Promise<void>;
  /** Tokens changed between batches (resolved by an idle tick). */
  writeOutsideBatch(alerts: readonly Alert[]): Promise<void>;
  /** Partitions moved. */
  forgetAll(): void;
  /** Counts forgetAll() calls: records taken in an earlier generation are not in memory any more. */
  generation(): number;
  /** Loads records taken earlier (a batch retried after partitions moved) back into memory. */
  reapply(records: StateRecords): void;
}

export interface StateRecords {
  partition: number;
  messages: Array<{ key: string; value: string; partition: number }>;
}

export function createStateChangelog(deps: StateChangelogDeps): StateChangelog {
  const stateLog = new TokenStateLog(deps.detector);
  let generation = 0;
  const send = async (messages: Array<{ key: string; value: string; partition?: number }>) => {
    if (messages.length === 0) return;
    await deps.producer.send(deps.topic, messages);
    deps.metrics.stateWritten.inc(messages.length);
  };
  return {
    unapplied: (messages) => stateLog.unapplied(messages),
    async ensureRestored(partition, heartbeat) {
      if (stateLog.isRestored(partition)) return;
      const started = Date.now();
      let restored = 0;
      let unreadable = 0;
      await readPartitionsToEnd(deps.kafka, {
        topic: deps.topic,
        partitions: [partition],
        groupIdPrefix: deps.groupId,
        onMessages: (messages: RawMessage[]) => {
          const report = stateLog.restore(partition, messages);
          restored += report.restored;
          unreadable += report.unreadable.length;
          for (const bad of report.unreadable) {
            deps.log.warn(
              { partition, offset: bad.offset, reason: bad.reason },
              'token state record skipped; that token resumes from token_baselines or learns again',
            );
          }
        },
        onProgress: heartbeat,
      });
      stateLog.markRestored(partition);
      deps.metrics.stateRestored.inc({ outcome: 'restored' }, restored);
      if (unreadable > 0) deps.metrics.stateRestored.inc({ outcome: 'unreadable' }, unreadable);
      deps.log.info({ partition, records: restored, unreadable, ms: Date.now() - started }, 'token state restored');
    },
    records({ partition, lastOffset, fps, alerts }) {
      const inBatch = new Set(fps);
      const others = alerts.filter((a) => !inBatch.has(a.token.fp)).map((a) => a.token.fp);
      return { partition, messages: [...stateLog.changes(inBatch, partition, lastOffset), ...stateLog.changesOutsideBatch(others)] };
    },
    async send({ partition, messages }) {
      await send(messages);
      stateLog.written(partition);
    },
    writeOutsideBatch: (alerts) => send(stateLog.changesOutsideBatch(alerts.map((a) => a.token.fp))),
    forgetAll: () => {
      generation++;
      stateLog.forgetAll();
    },
    generation: () => generation,
    reapply: ({ partition, messages }) => {
      const asConsumed = messages.map((m) => ({
        topic: deps.topic,
        partition,
        offset: '0',
        key: Buffer.from(m.key),
        value: Buffer.from(m.value),
        headers: {},
        timestamp: 0,
      }));
      stateLog.restore(partition, asConsumed);
    },
  };
}
