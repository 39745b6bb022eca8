import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import { RetryBatchError } from './batch-outcomes';
import type { BaselineKeeper, BaselineSave } from './baseline.keeper';
import { decodeEventMessages } from './event-codec';
import type { DeadLetter, RawMessage } from './raw-message';

export interface Scored {
  alerts: Alert[];
  /** Baselines to write in the same batch (an alerting token at once; periodic saves). */
  saves: BaselineSave[];
}

export interface ScoredBatch<M extends RawMessage = RawMessage, S = undefined> extends Scored {
  events: AccessEvent[];
  deadLetters: Array<DeadLetter<M>>;
  /** What the state taker took right after scoring (the batch's state records), when there is one. */
  state?: S;
}

/**
 * Takes what a scored batch changed in the scorer's state (e.g. its changelog records) at the moment
 * it was scored, so later batches of other partitions cannot change it before it is written.
 */
export interface BatchStateTaker<S> {
  /** `lastOffset`: the batch's last events-topic offset; absent for events scored in memory (no events topic). */
  take(batch: { partition: number; lastOffset?: string; events: readonly AccessEvent[]; alerts: readonly Alert[] }): S;
  /** The batch is retried: its state was taken already; memory may have been read back without it since. */
  retake(state: S): void;
}

/**
 * The score step as a pure function: events whose tokens are in memory -> alerts (raised, then
 * resolved by the keeper's tick) and the baselines to save. With a keeper the detector's state is
 * kept in step with the baseline store; a plain Scorer keeps it in memory only. No I/O, no clock
 * (the keeper's clock is injected).
 */
export function scoreEvents(events: readonly AccessEvent[], scorer: Scorer | BaselineKeeper, scope = 0): Scored {
  if (!isKeeper(scorer)) {
    const alerts: Alert[] = [];
    for (const event of events) for (const alert of scorer.observe(event)) alerts.push(alert);
    return { alerts, saves: [] };
  }
  const raised = scorer.observe(events, scope);
  const { saves, alerts: resolved } = scorer.housekeeping(raised);
  return { alerts: resolved.length === 0 ? raised : [...raised, ...resolved], saves };
}

export interface ScoreStage<S = undefined> {
  /**
   * decode -> restore baselines -> score -> take the batch's state. A batch that is retried (the same
   * array) is scored once, so detector state never counts an event twice, and keeps the state taken
   * the first time. A failed restore is a `retry` of the batch.
   */
  score<M extends RawMessage>(messages: readonly M[]): Promise<ScoredBatch<M, S>>;
}

export interface ScoreStageOptions<S> {
  scorer: Scorer;
  keeper?: BaselineKeeper;
  /** Drops messages whose effects the detector state already includes (see TokenStateLog.unapplied). */
  unapplied?: <M extends RawMessage>(messages: readonly M[]) => M[];
  state?: BatchStateTaker<S>;
}

export function createScoreStage<S = undefined>(options: ScoreStageOptions<S>): ScoreStage<S> {
  const scored = new WeakMap<object, ScoredBatch<RawMessage, S>>();
  const scorer = options.keeper ?? options.scorer;
  return {
    async score<M extends RawMessage>(messages: readonly M[]): Promise<ScoredBatch<M, S>> {
      const done = scored.get(messages) as ScoredBatch<M, S> | undefined;
      if (done) {
        if (options.state && done.state !== undefined) options.state.retake(done.state);
        return done;
      }
      const { events, deadLetters } = decodeEventMessages(options.unapplied ? options.unapplied(messages) : messages);
      if (options.keeper) await restoreBaselines(options.keeper, events);
      // A batch is one partition's: its events partition is the scope of its tokens' peer groups.
      const partition = messages[0]?.partition ?? 0;
      const batch: ScoredBatch<M, S> = { events, deadLetters, ...scoreEvents(events, scorer, partition) };
      const last = messages[messages.length - 1];
      if (options.state && last) batch.state = options.state.take({ partition, lastOffset: last.offset, events, alerts: batch.alerts });
      scored.set(messages, batch);
      return batch;
    },
  };
}

/** Loads the stored baselines of the events' tokens not in memory; a failure is a retry of the batch. */
export async function restoreBaselines(keeper: BaselineKeeper, events: readonly AccessEvent[]): Promise<void> {
  try {
    await keeper.restoreMissing(events.map((e) => e.token.fp));
  } catch (error) {
    throw new RetryBatchError('token baselines could not be loaded', { cause: error });
  }
}

const isKeeper = (scorer: Scorer | BaselineKeeper): scorer is BaselineKeeper => 'housekeeping' in scorer;
