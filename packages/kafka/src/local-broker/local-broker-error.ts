/**
 * The one error type of the local broker control: a one-line message saying what went wrong and a
 * one-line hint saying what to do about it. The CLI prints both and exits 1.
 */
export class LocalBrokerError extends Error {
  override readonly name = 'LocalBrokerError';
  readonly hint: string;

  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.hint = hint;
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
