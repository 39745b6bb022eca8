import { TokenwatchError } from '@tokenwatch/common';

/**
 * A ClickHouse layer that cannot start: unreachable server, locked chDB folder, bad database name.
 * `message` is one line meant for the operator; `hint` (also `context.hint`) says what to change.
 */
export class ClickHouseSetupError extends TokenwatchError {
  override readonly name = 'ClickHouseSetupError';
  readonly hint: string;

  constructor(message: string, opts: { hint: string; cause?: unknown; retriable?: boolean }) {
    super(oneLine(message), { code: 'CLICKHOUSE_SETUP_FAILED', retriable: opts.retriable ?? false, cause: opts.cause, context: { hint: opts.hint } });
    this.hint = opts.hint;
  }
}

/** Collapses whitespace so an error always prints on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The message of any thrown value, on one line and bounded in length. */
export function describeError(err: unknown, max = 300): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const line = oneLine(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * DDL cannot take a database name as a query parameter, so the name is checked here once and
 * then trusted everywhere it is substituted.
 */
export function assertDatabaseName(name: string): string {
  if (!IDENTIFIER.test(name) || name.length > 64) {
    throw new ClickHouseSetupError(`invalid ClickHouse database name ${JSON.stringify(name)}`, {
      hint: 'use letters, digits and underscores, starting with a letter or underscore (at most 64 characters)',
    });
  }
  return name;
}
