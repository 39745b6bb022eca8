import { AccessEvent } from '@tokenwatch/contracts';
import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineInsert, defineSelect, runQuery, unwrap, type ColumnTuple, type StatementRetry } from './query';
import { chLimit, chNullableNumber, chNullableString, chNumber } from './query/row-values';
import { chunk, INSERT_CHUNK_ROWS, toNullableNumber, toNumber } from './values.util';

/** One access_events row: AccessEvent v1 flattened (ts in epoch ms; ClickHouse scales it). */
export interface AccessEventRow {
  id: string;
  ts: number;
  gateway: string;
  token_fp: string;
  token_hint: string | null;
  token_kind: string;
  ip: string | null;
  method: string | null;
  route: string | null;
  path: string | null;
  status: number | null;
  bytes: number | null;
  latency_ms: number | null;
  user_agent: string | null;
  consumer: string | null;
  service: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
}

export function toAccessEventRow(e: AccessEvent): AccessEventRow {
  const geo = e.geo;
  return {
    id: e.id,
    ts: e.ts,
    gateway: e.gateway,
    token_fp: e.token.fp,
    token_hint: e.token.hint,
    token_kind: e.token.kind,
    ip: e.ip,
    method: e.method,
    route: e.route,
    path: e.path,
    status: e.status,
    bytes: e.bytes,
    latency_ms: e.latencyMs,
    user_agent: e.userAgent,
    consumer: e.consumer,
    service: e.service,
    country: geo?.country ?? null,
    region: geo?.region ?? null,
    city: geo?.city ?? null,
    lat: geo?.lat ?? null,
    lon: geo?.lon ?? null,
  };
}

/** Rebuilds AccessEvent v1. A row whose geo columns are all null had `geo: null`. */
export function fromAccessEventRow(row: Record<string, unknown>): AccessEvent {
  const geo = {
    country: row.country ?? null,
    region: row.region ?? null,
    city: row.city ?? null,
    lat: toNullableNumber(row.lat),
    lon: toNullableNumber(row.lon),
  };
  const hasGeo = Object.values(geo).some((v) => v !== null);
  return AccessEvent.parse({
    id: row.id,
    ts: toNumber(row.ts_ms),
    gateway: row.gateway,
    token: { fp: row.token_fp, hint: row.token_hint ?? null, kind: row.token_kind },
    ip: row.ip ?? null,
    method: row.method ?? null,
    route: row.route ?? null,
    path: row.path ?? null,
    status: toNullableNumber(row.status),
    bytes: toNullableNumber(row.bytes),
    latencyMs: toNullableNumber(row.latency_ms),
    userAgent: row.user_agent ?? null,
    consumer: row.consumer ?? null,
    service: row.service ?? null,
    geo: hasGeo ? geo : null,
  });
}

export interface InsertOptions {
  /** Rows per INSERT (default and maximum: ENCODED_INSERT_ROWS embedded, INSERT_CHUNK_ROWS on a server). */
  chunkRows?: number;
  /** Retry of each INSERT; default 'caller' (one attempt: the batch writer around it retries). */
  retry?: StatementRetry;
}

/**
 * Rows per INSERT into embedded chDB. Encoding yields to the event loop every ENCODE_SLICE_ROWS rows
 * and chDB parses off the loop, so an INSERT can be larger than through the client; fewer, larger
 * INSERTs cost chDB less per row (fewer parts, one materialized-view pass).
 */
export const ENCODED_INSERT_ROWS = 50_000;

/** The columns an insert into access_events writes (`ingested_at` takes its default). */
export const ACCESS_EVENT_COLUMNS = [
  'id',
  'ts',
  'gateway',
  'token_fp',
  'token_hint',
  'token_kind',
  'ip',
  'method',
  'route',
  'path',
  'status',
  'bytes',
  'latency_ms',
  'user_agent',
  'consumer',
  'service',
  'country',
  'region',
  'city',
  'lat',
  'lon',
] as const;

/**
 * Rows go to access_events through access_events_input (schema/008): the same columns without
 * LowCardinality, which chDB parses for less CPU, passed on to access_events by a view.
 */
const INSERT_ACCESS_EVENTS = defineInsert<AccessEventRow>()({
  name: 'access_events.insert',
  table: 'access_events_input',
  columns: ACCESS_EVENT_COLUMNS,
  // The batch writer of the score consumer retries whole batches (createBatchWriter).
  retry: 'caller',
});

/** One JSONCompactEachRow line: the values of toAccessEventRow as a tuple typed by ACCESS_EVENT_COLUMNS. */
export function accessEventLine(e: AccessEvent): string {
  const geo = e.geo;
  const line: ColumnTuple<AccessEventRow, typeof ACCESS_EVENT_COLUMNS> = [
    e.id,
    e.ts,
    e.gateway,
    e.token.fp,
    e.token.hint,
    e.token.kind,
    e.ip,
    e.method,
    e.route,
    e.path,
    e.status,
    e.bytes,
    e.latencyMs,
    e.userAgent,
    e.consumer,
    e.service,
    geo?.country ?? null,
    geo?.region ?? null,
    geo?.city ?? null,
    geo?.lat ?? null,
    geo?.lon ?? null,
  ];
  return JSON.stringify(line);
}

/** Rows encoded between two turns of the event loop: about 3 µs each, so a few ms of blocking. */
const ENCODE_SLICE_ROWS = 2_000;

/** JSONCompactEachRow of `events`, encoded in slices with a turn of the event loop between them. */
async function encodeAccessEvents(events: readonly AccessEvent[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const [i, slice] of chunk(events, ENCODE_SLICE_ROWS).entries()) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    parts.push(Buffer.from(`${slice.map(accessEventLine).join('\n')}\n`));
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

/**
 * Inserts events, one INSERT per chunk, one after another. Redelivered events (same id) are harmless:
 * the table collapses them (count with FINAL, or after merges). Embedded chDB gets an encoded
 * JSONCompactEachRow buffer per chunk; a server gets the rows through the client.
 */
export async function insertAccessEvents(ch: ClickHouse, events: readonly AccessEvent[], opts: InsertOptions = {}): Promise<void> {
  const encoded = ch.insertEncoded !== undefined;
  const limit = encoded ? ENCODED_INSERT_ROWS : INSERT_CHUNK_ROWS;
  for (const part of chunk(events, Math.min(opts.chunkRows ?? limit, limit))) {
    // A replay of old logs may span more than 100 daily partitions in one chunk. The setting is
    // sent only then: on chDB every setting becomes a `SET …;` prefix that slows the INSERT.
    const settings = spansManyDays(part) ? { max_partitions_per_insert_block: '0' } : undefined;
    const run = { retry: opts.retry };
    if (encoded) {
      // Settings travel inside this INSERT (no SET prefix). chDB 26 has async_insert on by default:
      // for inserts this large its buffering only adds work (~15% less CPU measured without it).
      unwrap(await runQuery(ch, INSERT_ACCESS_EVENTS, { compact: await encodeAccessEvents(part) }, { ...run, settings: { async_insert: 0, ...settings } }));
    } else {
      unwrap(await runQuery(ch, INSERT_ACCESS_EVENTS, { rows: part.map(toAccessEventRow) }, { ...run, ...(settings ? { settings } : {}) }));
    }
  }
}

/** ClickHouse refuses an INSERT touching more than 100 partitions (days here) by default. */
function spansManyDays(events: readonly AccessEvent[], limit = 100): boolean {
  const days = new Set<number>();
  for (const e of events) {
    days.add(Math.floor(e.ts / 86_400_000));
    if (days.size > limit) return true;
  }
  return false;
}

/** The access_events columns fromAccessEventRow reads, for every query that returns whole events. */
export const ACCESS_EVENT_SELECT = `id, toUnixTimestamp64Milli(ts) AS ts_ms, gateway, token_fp, token_hint, token_kind,
       ip, method, route, path, status, bytes, latency_ms, user_agent, consumer, service,
       country, region, city, lat, lon`;

/** A row of ACCESS_EVENT_SELECT, rebuilt into AccessEvent v1. */
export const AccessEventSelectRow = z
  .object({
    id: z.string(),
    ts_ms: chNumber,
    gateway: z.string(),
    token_fp: z.string(),
    token_hint: chNullableString,
    token_kind: z.string(),
    ip: chNullableString,
    method: chNullableString,
    route: chNullableString,
    path: chNullableString,
    status: chNullableNumber,
    bytes: chNullableNumber,
    latency_ms: chNullableNumber,
    user_agent: chNullableString,
    consumer: chNullableString,
    service: chNullableString,
    country: chNullableString,
    region: chNullableString,
    city: chNullableString,
    lat: chNullableNumber,
    lon: chNullableNumber,
  })
  .transform(fromAccessEventRow);

const Count = z.object({ c: chNumber });
const NO_PARAMS = z.object({});

const COUNT = defineSelect({ name: 'access_events.count', sql: 'SELECT count() AS c FROM {db:Identifier}.access_events', params: NO_PARAMS, row: Count });
const COUNT_FINAL = defineSelect({
  name: 'access_events.count_final',
  sql: 'SELECT count() AS c FROM {db:Identifier}.access_events FINAL',
  params: NO_PARAMS,
  row: Count,
});
const COUNT_DISTINCT_IDS = defineSelect({
  name: 'access_events.count_distinct_ids',
  sql: 'SELECT uniqExact(id) AS c FROM {db:Identifier}.access_events',
  params: NO_PARAMS,
  row: Count,
});

const EVENTS_BY_TOKEN = defineSelect({
  name: 'access_events.by_token',
  sql: `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
ORDER BY ts DESC, id DESC
LIMIT {limit:UInt32}`,
  params: z.object({ fp: z.string(), limit: chLimit }),
  row: AccessEventSelectRow,
});

/** Rows in access_events; `final: true` counts a redelivered event once even before merges. */
export async function countAccessEvents(ch: ClickHouse, opts: { final?: boolean } = {}): Promise<number> {
  const [row] = unwrap(await runQuery(ch, opts.final ? COUNT_FINAL : COUNT, {}));
  return row?.c ?? 0;
}

export async function countDistinctEventIds(ch: ClickHouse): Promise<number> {
  const [row] = unwrap(await runQuery(ch, COUNT_DISTINCT_IDS, {}));
  return row?.c ?? 0;
}

/** The most recent events of one token, newest first, deduplicated. */
export async function getAccessEventsByToken(ch: ClickHouse, fp: string, limit: number): Promise<AccessEvent[]> {
  return unwrap(await runQuery(ch, EVENTS_BY_TOKEN, { fp, limit: assertLimit(limit) }));
}

export function assertLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new RangeError(`limit must be an integer from 1 to 100000, got ${String(limit)}`);
  }
  return limit;
}
