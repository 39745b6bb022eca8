import { TokenwatchError } from '@tokenwatch/common';
import { KafkaAccessError, LocalBrokerError } from '@tokenwatch/kafka';

/** Exit codes of the `tokenwatch` command. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** A wrong command line: printed with the usage hint, exit code 2. */
export class UsageError extends TokenwatchError {
  constructor(message: string) {
    super(message, { code: 'USAGE' });
  }
}

/** One line, without a stack: the error and, when its context has a `hint`, what to do about it. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = hintOf(error);
  const hasNewHint = typeof hint === 'string' && hint !== '' && !error.message.toLowerCase().includes(hint.toLowerCase());
  return hasNewHint ? `${error.message}; ${hint}` : error.message;
}

function hintOf(error: Error): unknown {
  if (error instanceof TokenwatchError) return error.context.hint;
  // packages/kafka's two errors with a hint do not extend TokenwatchError yet (issue 17 item 2, its
  // owner adopts the base next): their own field until then, then these lines go.
  if (error instanceof KafkaAccessError || error instanceof LocalBrokerError) return error.hint;
  return undefined;
}
