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
]);

/** ClickHouse errors that say "not now" rather than "never", by name and by number. */
const CLICKHOUSE_TRANSIENT: Record<string, string> = {
  TIMEOUT_EXCEEDED: '159',
  TOO_MANY_SIMULTANEOUS_QUERIES: '202',
  SOCKET_TIMEOUT: '209',
  NETWORK_ERROR: '210',
  MEMORY_LIMIT_EXCEEDED: '241',
  TABLE_IS_READ_ONLY: '242',
  TOO_MANY_PARTS: '252',
  ALL_CONNECTION_TRIES_FAILED: '279',
  UNKNOWN_STATUS_OF_INSERT: '319',
  SESSION_IS_LOCKED: '373',
  TABLE_IS_BEING_RESTARTED: '733',
  SERVER_OVERLOADED: '745',
  KEEPER_EXCEPTION: '999',
};
const TRANSIENT_TYPES = new Set(Object.keys(CLICKHOUSE_TRANSIENT));
const TRANSIENT_CODES = new Set(Object.values(CLICKHOUSE_TRANSIENT));

const TRANSIENT_MESSAGE = /socket hang up|fetch failed|timeout error|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network error/i;
/** Same code as a transient one, but retrying the same rows fails the same way. */
const PERMANENT_MESSAGE = /too many partitions for single insert block/i;

/**
 * True when an error from `@clickhouse/client` (HTTP or chDB) is worth retrying: a network failure
 * or a ClickHouse "overloaded / timed out / too many parts" error. Looks through `cause` chains
 * and AggregateErrors. Bad SQL, bad data and missing tables are permanent.
 */
export function isTransientClickHouseError(err: unknown): boolean {
  return check(err, 0);
}

function check(err: unknown, depth: number): boolean {
  if (depth > 5 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; type?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (PERMANENT_MESSAGE.test(message)) return false;
  const code = e.code === undefined || e.code === null ? '' : String(e.code);
  if (NETWORK_CODES.has(code)) return true;
  if (typeof e.type === 'string' && TRANSIENT_TYPES.has(e.type)) return true;
  if (/^\d+$/.test(code) && TRANSIENT_CODES.has(code)) return true;
  if (TRANSIENT_MESSAGE.test(message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => check(inner, depth + 1))) return true;
  return check(e.cause, depth + 1);
}
