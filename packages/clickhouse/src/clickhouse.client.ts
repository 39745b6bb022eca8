import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClickHouseLogLevel, createClient, parseError, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { z } from 'zod';
import { defineCommand } from './query/statement';
import { runQuery } from './query/run';
import { assertDatabaseName, ClickHouseSetupError, describeError } from './setup.error';

type ChdbAsClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;

export interface ClickHouseOptions {
  /** ClickHouse HTTP(S) URL. Unset: the embedded chDB engine at `dataPath`. */
  url?: string;
  /** chDB data folder (created if missing); ignored in server mode. */
  dataPath: string;
  /** Database holding every tokenwatch table; created if missing. */
  database: string;
  username?: string;
  password?: string;
  /** PEM CA bundle trusted for an https `url` (CLICKHOUSE_CA_FILE); default: the system's CAs. */
  caCert?: string;
  /** Server mode only: HTTP request timeout (default 30 s). */
  requestTimeoutMs?: number;
}

export interface EncodedInsert {
  /** `<database>.<table>` */
  table: string;
  columns: readonly string[];
  format: 'JSONCompactEachRow' | 'JSONEachRow' | 'TabSeparated' | 'CSV';
  payload: Buffer;
  settings?: Record<string, string>;
}

export interface ClickHouse {
  client: ClickHouseClient;
  database: string;
  mode: 'embedded' | 'server';
  /** Runs `SELECT 1`; throws when the engine or server does not answer. */
  ping(): Promise<void>;
  /**
   * Embedded mode only: INSERT a payload already encoded in `format`. The bytes go to chDB without a
   * copy and are parsed by the engine off the event loop; `@clickhouse/client`'s insert instead
   * re-serializes every row and concatenates the body into the SQL text on the event loop.
   */
  insertEncoded?(params: EncodedInsert): Promise<void>;
  /** Idempotent. In embedded mode it also frees the chDB data folder for this process. */
  close(): Promise<void>;
}

/**
 * Opens ClickHouse: embedded chDB when `url` is unset, a ClickHouse server otherwise, then creates
 * the database. Tables are always addressed as `<database>.<table>` (the chDB connection ignores a
 * client-level default database), so the client is not bound to one.
 */
export async function createClickHouse(opts: ClickHouseOptions): Promise<ClickHouse> {
  const database = assertDatabaseName(opts.database);
  const ch = opts.url ? openServer(opts.url, database, opts) : openEmbedded(opts.dataPath, database);
  try {
    await ch.ping();
    const created = await runQuery(ch, CREATE_DATABASE, {});
    // The setup checks read ClickHouse's own error (its code tells bad credentials apart).
    if (!created.ok) throw created.error.cause;
  } catch (err) {
    await ch.close().catch(() => undefined);
    throw setupFailure(ch.mode, opts.url, database, err);
  }
  return ch;
}

/** The database name is validated (assertDatabaseName) before it is substituted. */
const CREATE_DATABASE = defineCommand({
  name: 'database.create',
  params: z.object({}),
  sql: (_params, database) => `CREATE DATABASE IF NOT EXISTS \`${database}\``,
});

function openEmbedded(dataPath: string, database: string): ClickHouse {
  const path = resolve(dataPath);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new ClickHouseSetupError(`cannot create chDB data folder ${path}: ${describeError(err)}`, {
      hint: 'set TOKENWATCH_HOME/CLICKHOUSE_PATH to a writable folder',
      cause: err,
    });
  }
  let connection: ReturnType<typeof createChdbConnection>;
  try {
    connection = createChdbConnection({ path });
  } catch (err) {
    throw embeddedOpenError(path, err);
  }
  // chdb types its connection against @clickhouse/client-common 1.23.0, the client bundles its own
  // copy of those types; the runtime contract is the same.
  const client = createClient({ connection: connection as unknown as ChdbAsClientConnection, log: { level: ClickHouseLogLevel.OFF } });
  const ch = wrap(client, database, 'embedded', async () => {
    await client.close();
    // Another folder can be opened in this process only once the engine has really let go.
    await drainPending();
  });
  ch.insertEncoded = async ({ table, columns, format, payload, settings }) => {
    if (payload.length === 0) return;
    try {
      await connection.chdb.rawInsert({ table, columns, format, values: payload, settings });
    } catch (err) {
      throw asClickHouseError(err);
    }
  };
  return ch;
}

function openServer(url: string, database: string, opts: ClickHouseOptions): ClickHouse {
  let client: ClickHouseClient;
  try {
    client = createClient({
      url,
      username: opts.username,
      password: opts.password,
      request_timeout: opts.requestTimeoutMs ?? 30_000,
      ...(opts.caCert !== undefined ? { tls: { ca_cert: Buffer.from(opts.caCert) } } : {}),
      application: 'tokenwatch',
      log: { level: ClickHouseLogLevel.OFF },
    });
  } catch (err) {
    throw new ClickHouseSetupError(`invalid ClickHouse URL ${redactUrl(url)}: ${describeError(err)}`, {
      hint: 'CLICKHOUSE_URL must look like http://host:8123 or https://host:8443; unset it to use the embedded engine',
      cause: err,
    });
  }
  return wrap(client, database, 'server', () => client.close());
}

function wrap(client: ClickHouseClient, database: string, mode: ClickHouse['mode'], doClose: () => Promise<void>): ClickHouse {
  let closing: Promise<void> | undefined;
  return {
    client,
    database,
    mode,
    async ping() {
      const result = await client.ping({ select: true });
      if (!result.success) throw result.error;
    },
    close() {
      closing ??= doClose();
      return closing;
    },
  };
}

/**
 * chDB's raw insert throws its own error classes; the rest of the package (transient-error checks,
 * messages) expects client-common's `{ code, type }` shape that the client's insert produces.
 */
function asClickHouseError(err: unknown): Error {
  const cause = err instanceof Error ? err : new Error(String(err));
  const mapped = parseError(cause.message);
  if (mapped !== cause) (mapped as Error & { cause?: unknown }).cause = cause;
  return mapped;
}

function embeddedOpenError(path: string, err: unknown): ClickHouseSetupError {
  const cause = describeError(err);
  if (/only one active data directory per process/i.test(cause)) {
    return new ClickHouseSetupError(`cannot open chDB data folder ${path}: this process already has another chDB data folder open`, {
      hint: 'chDB allows one data folder per process; close the other ClickHouse first or use the same folder',
      cause: err,
    });
  }
  const owner = lockOwner(path);
  if (owner !== undefined) {
    const pid = owner > 0 ? ` (pid ${owner})` : '';
    return new ClickHouseSetupError(`chDB data folder ${path} is used by another tokenwatch process${pid}`, {
      hint: 'stop the other process or set TOKENWATCH_HOME/CLICKHOUSE_PATH to another folder',
      cause: err,
      retriable: true,
    });
  }
  return new ClickHouseSetupError(`cannot open chDB data folder ${path}: ${cause}`, {
    hint: 'check that the folder is writable, or set TOKENWATCH_HOME/CLICKHOUSE_PATH to another folder',
    cause: err,
  });
}

/**
 * chDB (like a ClickHouse server) writes `<path>/status` with its PID while it holds the folder's
 * lock and removes it on a clean close. Returns the owner's PID (0 if unreadable), or undefined
 * when nobody else appears to hold the folder.
 */
function lockOwner(path: string): number | undefined {
  const statusFile = join(path, 'status');
  if (!existsSync(statusFile)) return undefined;
  let pid: number;
  try {
    pid = Number(/PID:\s*(\d+)/.exec(readFileSync(statusFile, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
  if (pid === process.pid) return undefined;
  if (pid > 0 && !isAlive(pid)) return undefined;
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function setupFailure(mode: ClickHouse['mode'], url: string | undefined, database: string, err: unknown): ClickHouseSetupError {
  if (err instanceof ClickHouseSetupError) return err;
  const cause = describeError(err);
  const server = serverError(err);
  if (server && (server.type === 'AUTHENTICATION_FAILED' || server.code === '516')) {
    return new ClickHouseSetupError(`ClickHouse at ${redactUrl(url ?? '')} rejected the credentials: ${cause}`, {
      hint: 'check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD',
      cause: err,
    });
  }
  if (server) {
    return new ClickHouseSetupError(`cannot create ClickHouse database ${database}: ${cause}`, {
      hint: mode === 'server' ? 'check that the ClickHouse user may create databases' : 'check the chDB data folder',
      cause: err,
    });
  }
  const tls = mode === 'server' ? tlsFailure(url ?? '', err) : undefined;
  if (tls) return tls;
  if (mode === 'server') {
    return new ClickHouseSetupError(
      `cannot reach ClickHouse at ${redactUrl(url ?? '')}: ${cause}. Check CLICKHOUSE_URL or unset it to use the embedded engine`,
      { hint: 'check CLICKHOUSE_URL or unset it to use the embedded engine', cause: err, retriable: true },
    );
  }
  return new ClickHouseSetupError(`embedded ClickHouse (chDB) does not answer: ${cause}`, {
    hint: 'check the chDB data folder, or set CLICKHOUSE_URL to use a ClickHouse server',
    cause: err,
  });
}

const UNTRUSTED_CERT =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

/** An https server whose certificate this process does not accept: not retriable, and the fix is a setting. */
function tlsFailure(url: string, err: unknown): ClickHouseSetupError | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (UNTRUSTED_CERT.test(code)) {
    return new ClickHouseSetupError(`the TLS certificate of ClickHouse at ${redactUrl(url)} is not trusted (${describeError(err)})`, {
      hint: 'set CLICKHOUSE_CA_FILE to the PEM CA bundle that signed the server certificate',
      cause: err,
    });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ClickHouseSetupError(`the TLS certificate of ClickHouse at ${redactUrl(url)} does not name its host (${describeError(err)})`, {
      hint: 'use in CLICKHOUSE_URL a host name the certificate names',
      cause: err,
    });
  }
  return undefined;
}

/**
 * A ClickHouse error answer (code + type) as opposed to a transport failure. Duck-typed: chDB
 * raises client-common's ClickHouseError, a different class from the one the client exports.
 */
function serverError(err: unknown): { code: string; type?: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, type } = err as { code?: unknown; type?: unknown };
  if (typeof code !== 'string' || !/^\d+$/.test(code)) return undefined;
  return { code, type: typeof type === 'string' ? type : undefined };
}

/** The URL without a password, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
