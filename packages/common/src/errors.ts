/** What a failure concerns (ids, paths, settings); `hint`, when present, says what to do about it. */
export type ErrorContext = Readonly<Record<string, unknown>> & { readonly hint?: string };

export interface TokenwatchErrorOptions {
  /** Stable, UPPER_SNAKE: what callers, logs and metrics branch on (never the message). */
  code: string;
  /** Whether the same call may succeed if tried again later; default false. */
  retriable?: boolean;
  context?: ErrorContext;
  cause?: unknown;
}

/**
 * The base of tokenwatch's errors (after kafkajs's hierarchy): a message for people, a `code` for
 * code, whether trying again may help, and the context of the failure. The CLI prints the message
 * and `context.hint`; retry() retries what is `retriable`.
 */
export class TokenwatchError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly context: ErrorContext;

  constructor(message: string, options: TokenwatchErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/** True for a TokenwatchError that says trying again may help. */
export function isRetriable(error: unknown): boolean {
  return error instanceof TokenwatchError && error.retriable;
}
