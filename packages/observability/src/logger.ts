import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may carry credentials in objects we log. Raw tokens must never reach a log line,
 * so anything that looks like one is censored even if a caller logs a whole record by mistake.
 */
const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'apikey',
  '*.apikey',
  '*.*.apikey',
  '*["x-api-key"]',
  '*.*["x-api-key"]',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token.raw',
  'fingerprintKey',
  '*.fingerprintKey',
];

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where JSON lines go; defaults to stderr so that stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    { name: options.name, level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}
