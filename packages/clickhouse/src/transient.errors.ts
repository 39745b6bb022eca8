import { TokenwatchError } from '@tokenwatch/common';

/** Node / undici network error codes worth retrying. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // chDB's own watchdog deadline (the embedded TIMEOUT_EXCEEDED).
  'CHDB_TIMEOUT',
]);

/**
 * ClickHouse errors that say "not now" rather than "never", by name and number. Numbers from
 * ClickHouse's src/Common/ErrorCodes.cpp, checked against the embedded engine's own table
 * (`SELECT errorCodeToName(n)` on chDB 3.4 / ClickHouse 26.7).
 */
export const TRANSIENT_CLICKHOUSE_ERRORS: Readonly<Record<string, number>> = {
  TIMEOUT_EXCEEDED: 159,
  TOO_MANY_SIMULTANEOUS_QUERIES: 202,
  NO_FREE_CONNECTION: 203,
  SOCKET_TIMEOUT: 209,
  NETWORK_ERROR: 210,
  NO_ZOOKEEPER: 225,
  MEMORY_LIMIT_EXCEEDED: 241,
  TABLE_IS_READ_ONLY: 242,
  /**
   * A full disk: the engine could not reserve room for the part and wrote nothing (chDB 3.4 says
   * "Cannot reserve 1.00 MiB, not enough space."). The same rows go in once space is freed.
   */
  NOT_ENOUGH_SPACE: 243,
  UNEXPECTED_ZOOKEEPER_ERROR: 244,
  TOO_MANY_PARTS: 252,
  NO_ACTIVE_REPLICAS: 254,
  ALL_CONNECTION_TRIES_FAILED: 279,
  TOO_FEW_LIVE_REPLICAS: 285,
  UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE: 286,
  UNKNOWN_STATUS_OF_INSERT: 319,
  RECEIVED_ERROR_TOO_MANY_REQUESTS: 364,
  ALL_REPLICAS_ARE_STALE: 369,
  SESSION_IS_LOCKED: 373,
  ALL_REPLICAS_LOST: 415,
  /** An errno from the OS (e.g. too many open files), not a verdict on the query. */
  SYSTEM_ERROR: 425,
  CANNOT_SCHEDULE_TASK: 439,
  DEADLOCK_AVOIDED: 473,
  TABLE_IS_BEING_RESTARTED: 733,
  SERVER_OVERLOADED: 745,
  KEEPER_EXCEPTION: 999,
};
const TRANSIENT_TYPES = new Set(Object.keys(TRANSIENT_CLICKHOUSE_ERRORS));
const TRANSIENT_CODES = new Set(Object.values(TRANSIENT_CLICKHOUSE_ERRORS));

/**
 * Transport failures of `@clickhouse/client` that carry no code at all ('socket hang up',
 * 'Timeout error.', undici's 'fetch failed'). Read only for an error without any code.
 */
const CODELESS_TRANSPORT_MESSAGE = /socket hang up|fetch failed|timeout error|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network error/i;
/** TOO_MANY_PARTS (252) also reports a per-INSERT partition limit: retrying the same rows fails the same way. */
const PERMANENT_MESSAGE = /too many partitions for single insert block/i;

/**
 * The ClickHouse error code of an error, when it carries one: `code` as the digits that
 * client-common's `ClickHouseError` holds (HTTP and chDB through the client), or chDB's own
 * numeric `clickhouseCode`.
 */
export function clickHouseErrorCode(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const { code, clickhouseCode } = err as { code?: unknown; clickhouseCode?: unknown };
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  if (typeof clickhouseCode === 'number' && Number.isInteger(clickhouseCode)) return clickhouseCode;
  return undefined;
}

/**
 * True when an error from `@clickhouse/client` (HTTP or chDB) is worth retrying: a network failure
 * or a ClickHouse "overloaded / timed out / too many parts" error. A ClickHouse error code decides
 * on its own; a message is read only for the client's transport errors that have no code. Looks
 * through `cause` chains and AggregateErrors; a TokenwatchError (ClickHouseQueryError), or an error
 * with `retriable` and a `cause` (BatchWriteError), says it itself. Bad SQL, bad data and missing tables are
 * permanent.
 */
export function isTransientClickHouseError(err: unknown): boolean {
  return check(err, 0);
}

function check(err: unknown, depth: number): boolean {
  if (depth > 5 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; type?: unknown; message?: unknown; cause?: unknown; errors?: unknown; retriable?: unknown };
  if (err instanceof TokenwatchError) return err.retriable;
  if (typeof e.retriable === 'boolean' && e.cause !== undefined) return e.retriable;
  const message = typeof e.message === 'string' ? e.message : '';
  const chCode = clickHouseErrorCode(err);
  if (chCode !== undefined) return TRANSIENT_CODES.has(chCode) && !PERMANENT_MESSAGE.test(message);
  if (typeof e.type === 'string' && TRANSIENT_TYPES.has(e.type)) return !PERMANENT_MESSAGE.test(message);
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : '';
  if (NETWORK_CODES.has(code)) return true;
  const codeless = e.code === undefined || e.code === null || e.code === '';
  if (codeless && CODELESS_TRANSPORT_MESSAGE.test(message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => check(inner, depth + 1))) return true;
  return check(e.cause, depth + 1);
}
