import type { StepResult } from '@tokenwatch/contracts';

/**
 * What a stage says about one input: go on with a value; `dlq` (the input is bad, retrying cannot
 * help: it goes to the dead-letter topic with its original bytes); `retry` (a transient failure: the
 * whole batch is tried again later and nothing of it is committed). `BatchOutcomes` handles the last two.
 */
export type StageResult<T> = { kind: 'ok'; value: T } | { kind: 'dlq'; reason: string } | { kind: 'retry'; reason: string; cause?: unknown };

export const ok = <T>(value: T): StageResult<T> => ({ kind: 'ok', value });
export const dlq = (reason: string): StageResult<never> => ({ kind: 'dlq', reason });
export const retryLater = (reason: string, cause?: unknown): StageResult<never> => ({ kind: 'retry', reason, cause });

/** A formats or detector step result as a stage result: a rejected record is a dead letter. */
export function fromStepResult<T>(result: StepResult<T>): StageResult<T> {
  return result.kind === 'reject' ? dlq(result.reason) : result;
}
