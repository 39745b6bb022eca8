import { TokenwatchError } from '@tokenwatch/common';

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
  const hint = error instanceof TokenwatchError ? error.context.hint : undefined;
  const hasNewHint = typeof hint === 'string' && hint !== '' && !error.message.toLowerCase().includes(hint.toLowerCase());
  return hasNewHint ? `${error.message}; ${hint}` : error.message;
}
