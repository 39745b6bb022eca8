import { keyPartition } from '@tokenwatch/common';
import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Detector } from '@tokenwatch/detector';
import type { BaselineKeeper, BaselineSave } from './baseline.keeper';
import type { SourcePosition } from './event-source';
import { restoreBaselines } from './score.stage';

/** Events normalized in this process, with the raw position of each (absent for HTTP ingest). */
export interface DirectBatch {
  events: readonly AccessEvent[];
  sources: ReadonlyArray<SourcePosition | undefined>;
}

export interface DirectScored<S> {
  /** The events scored now (those whose raw records the state already included are left out). */
  events: AccessEvent[];
  alerts: Alert[];
  saves: BaselineSave[];
  /** Per events partition the batch touched, what the state taker took right after scoring. */
  states: S[];
}

export interface DirectScoreOptions<S> {
  /** A full detector: each partition is the peer-group scope of its tokens. */
  scorer: Pick<Detector, 'observe'>;
  keeper?: BaselineKeeper;
  /** The events topic's partition count: a token's partition is the one the topic would give its key. */
  partitions: number;
  /** Drops events whose raw records the partition's state already includes (TokenStateLog.unappliedEvents). */
  unapplied?: (partition: number, events: readonly AccessEvent[], sources: ReadonlyArray<SourcePosition | undefined>) => AccessEvent[];
  state?: { take(batch: { partition: number; events: readonly AccessEvent[]; alerts: readonly Alert[] }): S };
}

/**
 * The score step for events that never crossed the events topic (one process normalizes and scores
 * every token): the batch is split by the partition the topic would have given each token, and each
 * part is scored as that partition's batch would be (the partition is its tokens' peer-group scope,
 * and its state is taken apart), so the state a changelog holds is the same in both topologies.
 * Baselines are restored before anything counts as applied, so a failed restore is a plain retry.
 */
export function createDirectScoreStage<S = undefined>(options: DirectScoreOptions<S>) {
  const partitionOf = (fp: string) => keyPartition(fp, options.partitions);
  return {
    partitionOf,
    async score(batch: DirectBatch): Promise<DirectScored<S>> {
      if (options.keeper) await restoreBaselines(options.keeper, batch.events);
      const parts = splitByPartition(batch, partitionOf);
      const events: AccessEvent[] = [];
      const raised: Alert[] = [];
      const scoredParts: Array<{ partition: number; events: AccessEvent[]; alerts: Alert[] }> = [];
      for (const [partition, part] of parts) {
        const applied = options.unapplied ? options.unapplied(partition, part.events, part.sources) : part.events;
        const alerts = observe(options.keeper ?? options.scorer, applied, partition);
        for (const event of applied) events.push(event);
        for (const alert of alerts) raised.push(alert);
        scoredParts.push({ partition, events: applied, alerts });
      }
      const { saves, alerts: resolved } = options.keeper ? options.keeper.housekeeping(raised) : { saves: [], alerts: [] };
      const states: S[] = [];
      if (options.state) {
        const resolvedByPartition = groupBy(resolved, (alert) => partitionOf(alert.token.fp));
        for (const part of scoredParts) {
          const alerts = [...part.alerts, ...(resolvedByPartition.get(part.partition) ?? [])];
          states.push(options.state.take({ partition: part.partition, events: part.events, alerts }));
          resolvedByPartition.delete(part.partition);
        }
        for (const [partition, alerts] of resolvedByPartition) states.push(options.state.take({ partition, events: [], alerts }));
      }
      return { events, alerts: resolved.length === 0 ? raised : [...raised, ...resolved], saves, states };
    },
  };
}

export type DirectScoreStage<S> = ReturnType<typeof createDirectScoreStage<S>>;

function observe(scorer: Pick<Detector, 'observe'> | BaselineKeeper, events: readonly AccessEvent[], partition: number): Alert[] {
  if ('housekeeping' in scorer) return scorer.observe(events, partition);
  const alerts: Alert[] = [];
  for (const event of events) for (const alert of scorer.observe(event, partition)) alerts.push(alert);
  return alerts;
}

/** Parts in ascending partition order, each keeping the batch's order of events. */
function splitByPartition(
  batch: DirectBatch,
  partitionOf: (fp: string) => number,
): Array<[number, { events: AccessEvent[]; sources: Array<SourcePosition | undefined> }]> {
  const parts = new Map<number, { events: AccessEvent[]; sources: Array<SourcePosition | undefined> }>();
  for (let i = 0; i < batch.events.length; i++) {
    const event = batch.events[i]!;
    const partition = partitionOf(event.token.fp);
    let part = parts.get(partition);
    if (!part) parts.set(partition, (part = { events: [], sources: [] }));
    part.events.push(event);
    part.sources.push(batch.sources[i]);
  }
  return [...parts].sort((a, b) => a[0] - b[0]);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
