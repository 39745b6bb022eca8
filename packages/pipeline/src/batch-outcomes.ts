import { TokenwatchError } from '@tokenwatch/common';
import type { DeadLetter, RawMessage } from './raw-message';
import type { StageResult } from './stage-result';

/** A stage asked for the batch to be tried again later (a transient failure, e.g. ClickHouse unreachable): code RETRY_BATCH, retriable. */
export class RetryBatchError extends TokenwatchError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, { code: 'RETRY_BATCH', retriable: true, cause: options.cause });
  }
}

/**
 * The one place where the stages' non-ok results are handled. `ok` values go on to the next stage,
 * `dlq` ones become dead letters of the message they came from (published with the batch), and a
 * `retry` stops the batch by throwing RetryBatchError: the Kafka shell pauses the partition and
 * retries the batch with backoff without committing, HTTP ingest answers 503.
 */
export class BatchOutcomes<M extends RawMessage, T> {
  readonly values: T[] = [];
  readonly deadLetters: Array<DeadLetter<M>> = [];

  add(message: M, result: StageResult<T>): void {
    switch (result.kind) {
      case 'ok':
        this.values.push(result.value);
        return;
      case 'dlq':
        this.deadLetters.push({ message, reason: result.reason });
        return;
      case 'retry':
        throw new RetryBatchError(result.reason, { cause: result.cause });
    }
  }
}
