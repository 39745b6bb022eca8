/**
 * The outcome of one pipeline step. Expected failures are values, not exceptions:
 * `reject` means the input is bad and retrying cannot help; `retry` means try again later.
 */
export type StepResult<T> = { kind: 'ok'; value: T } | { kind: 'reject'; reason: string } | { kind: 'retry'; reason: string };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const reject = (reason: string): StepResult<never> => ({ kind: 'reject', reason });
export const retry = (reason: string): StepResult<never> => ({ kind: 'retry', reason });
