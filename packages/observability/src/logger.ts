import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

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
  // Connection settings, should a client's options or an env object be logged (kafkajs sasl / ssl).
  '*.sasl.password',
  '*.*.sasl.password',
  '*.ssl.key',
  'KAFKA_SASL_PASSWORD',
  '*.KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_OAUTHBEARER_TOKEN',
  '*.KAFKA_SASL_OAUTHBEARER_TOKEN',
  'CLICKHOUSE_PASSWORD',
  '*.CLICKHOUSE_PASSWORD',
];

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where JSON lines go; defaults to stderr so that stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
  /** Human-readable lines instead of JSON; default: when the destination is a terminal. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const pretty = options.pretty ?? (destination as { isTTY?: boolean }).isTTY === true;
  const stream = pretty
    ? PinoPretty({
        destination: destination as NodeJS.WritableStream & { fd?: number },
        sync: true,
        colorize: true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
      })
    : destination;
  return pino({ name: options.name, level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream as pino.DestinationStream);
}
