import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { BaselineSave } from './baseline.keeper';
import type { DeadLetter, RawMessage } from './raw-message';

/** Where a stage's output goes; each resolves only once its writes are acknowledged. */
export interface PipelineSinks<M extends RawMessage = RawMessage> {
  /** normalize: the events topic; score: ClickHouse access_events. */
  events?(events: AccessEvent[]): Promise<void>;
  /** ClickHouse alerts and the alerts topic. */
  alerts?(alerts: Alert[]): Promise<void>;
  /** The dead-letter topic (original bytes, `tw-dlq-reason`). */
  deadLetters(letters: Array<DeadLetter<M>>, failedAt: number): Promise<void>;
  /** token_baselines. */
  baselines?(save: BaselineSave): Promise<void>;
}

export interface PublishableBatch<M extends RawMessage = RawMessage> {
  events?: AccessEvent[];
  alerts?: Alert[];
  deadLetters: Array<DeadLetter<M>>;
  saves?: BaselineSave[];
}

/**
 * The publish stage: every part of a batch to its sink at once, resolving when all are durable.
 * It rejects when any write failed, so the caller neither commits nor acknowledges (a dead letter
 * whose write failed is never dropped); the batch is retried and its ids make the rewrite idempotent.
 */
export async function publishBatch<M extends RawMessage>(batch: PublishableBatch<M>, sinks: PipelineSinks<M>, failedAt: number): Promise<void> {
  const writes: Array<Promise<void>> = [];
  if (batch.events && batch.events.length > 0) {
    if (!sinks.events) throw noSink('events');
    writes.push(sinks.events(batch.events));
  }
  if (batch.alerts && batch.alerts.length > 0) {
    if (!sinks.alerts) throw noSink('alerts');
    writes.push(sinks.alerts(batch.alerts));
  }
  if (batch.deadLetters.length > 0) writes.push(sinks.deadLetters(batch.deadLetters, failedAt));
  for (const save of batch.saves ?? []) {
    if (save.snapshots.length === 0) continue;
    if (!sinks.baselines) throw noSink('baselines');
    writes.push(sinks.baselines(save));
  }
  await Promise.all(writes);
}

const noSink = (what: string) => new Error(`publishBatch: the batch has ${what} but no sink takes them`);
