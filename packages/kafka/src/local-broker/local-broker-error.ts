import { TokenwatchError } from '@tokenwatch/common';

/**
 * The one error type of the local broker control: a one-line message saying what went wrong and a
 * one-line hint (its `context.hint`) saying what to do about it; code LOCAL_BROKER_FAILED, not
 * retriable. The CLI prints both and exits 1.
 */
export class LocalBrokerError extends TokenwatchError {
  constructor(message: string, hint: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'LOCAL_BROKER_FAILED', retriable: false, context: { hint }, cause: options.cause });
  }

  /** What to do about it: the context's hint. */
  get hint(): string {
    return this.context.hint ?? '';
  }
}

/** The last `count` non-empty lines of a text, for error messages that quote a log or a tool's output. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .join('\n');
}
