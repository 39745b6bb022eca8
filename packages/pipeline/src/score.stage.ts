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

export interface ScoredBatch<M extends RawMessage = RawMessage> extends Scored {
  events: AccessEvent[];
  deadLetters: Array<DeadLetter<M>>;
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

export interface ScoreStage {
  /**
   * decode -> restore baselines -> score. A batch that is retried (the same array) is scored once,
   * so detector state never counts an event twice. A failed restore is a `retry` of the batch.
   */
  score<M extends RawMessage>(messages: readonly M[]): Promise<ScoredBatch<M>>;
  /** The same for events already decoded (one process, no events topic in between). */
  scoreDecoded<M extends RawMessage>(decoded: { events: AccessEvent[]; deadLetters: Array<DeadLetter<M>> }, scope?: number): Promise<ScoredBatch<M>>;
}

export interface ScoreStageOptions {
  scorer: Scorer;
  keeper?: BaselineKeeper;
  /** Drops messages whose effects the detector state already includes (see TokenStateLog.unapplied). */
  unapplied?: <M extends RawMessage>(messages: readonly M[]) => M[];
}

export function createScoreStage(options: ScoreStageOptions): ScoreStage {
  const scored = new WeakMap<object, ScoredBatch<RawMessage>>();
  const scorer = options.keeper ?? options.scorer;
  const scoreDecoded = async <M extends RawMessage>(
    { events, deadLetters }: { events: AccessEvent[]; deadLetters: Array<DeadLetter<M>> },
    scope = 0,
  ): Promise<ScoredBatch<M>> => {
    if (options.keeper) await restore(options.keeper, events);
    return { events, deadLetters, ...scoreEvents(events, scorer, scope) };
  };
  return {
    scoreDecoded,
    async score<M extends RawMessage>(messages: readonly M[]): Promise<ScoredBatch<M>> {
      const done = scored.get(messages) as ScoredBatch<M> | undefined;
      if (done) return done;
      // A batch is one partition's: its events partition is the scope of its tokens' peer groups.
      const batch = await scoreDecoded(decodeEventMessages(options.unapplied ? options.unapplied(messages) : messages), messages[0]?.partition ?? 0);
      scored.set(messages, batch);
      return batch;
    },
  };
}

async function restore(keeper: BaselineKeeper, events: readonly AccessEvent[]): Promise<void> {
  try {
    await keeper.restoreMissing(events.map((e) => e.token.fp));
  } catch (error) {
    throw new RetryBatchError('token baselines could not be loaded', { cause: error });
  }
}

const isKeeper = (scorer: Scorer | BaselineKeeper): scorer is BaselineKeeper => 'housekeeping' in scorer;
