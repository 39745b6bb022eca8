import { AccessEvent } from '@tokenwatch/contracts';
import type { ClickHouse } from './clickhouse.client';
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
}

/**
 * Rows per INSERT into embedded chDB. Encoding yields to the event loop every ENCODE_SLICE_ROWS rows
 * and chDB parses off the loop, so an INSERT can be larger than through the client; fewer, larger
 * INSERTs cost chDB less per row (fewer parts, one materialized-view pass).
 */
export const ENCODED_INSERT_ROWS = 50_000;

const ACCESS_EVENT_COLUMNS = [
  'id', 'ts', 'gateway', 'token_fp', 'token_hint', 'token_kind', 'ip', 'method', 'route', 'path', 'status', 'bytes',
  'latency_ms', 'user_agent', 'consumer', 'service', 'country', 'region', 'city', 'lat', 'lon',
] as const;

/** One JSONCompactEachRow line, values in ACCESS_EVENT_COLUMNS order (the same values as toAccessEventRow). */
export function accessEventLine(e: AccessEvent): string {
  const geo = e.geo;
  return JSON.stringify([
    e.id, e.ts, e.gateway, e.token.fp, e.token.hint, e.token.kind, e.ip, e.method, e.route, e.path, e.status, e.bytes,
    e.latencyMs, e.userAgent, e.consumer, e.service,
    geo?.country ?? null, geo?.region ?? null, geo?.city ?? null, geo?.lat ?? null, geo?.lon ?? null,
  ]);
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
  const insertEncoded = ch.insertEncoded;
  const limit = insertEncoded ? ENCODED_INSERT_ROWS : INSERT_CHUNK_ROWS;
  const table = `${ch.database}.access_events`;
  for (const part of chunk(events, Math.min(opts.chunkRows ?? limit, limit))) {
    // A replay of old logs may span more than 100 daily partitions in one chunk. The setting is
    // sent only then: on chDB every setting becomes a `SET …;` prefix that slows the INSERT.
    const settings = spansManyDays(part) ? { max_partitions_per_insert_block: '0' } : undefined;
    if (insertEncoded) {
      const payload = await encodeAccessEvents(part);
      // Settings travel inside this INSERT (no SET prefix). chDB 26 has async_insert on by default:
      // for inserts this large its buffering only adds work (~15% less CPU measured without it).
      await insertEncoded({ table, columns: ACCESS_EVENT_COLUMNS, format: 'JSONCompactEachRow', payload, settings: { async_insert: '0', ...settings } });
    } else {
      await ch.client.insert({ table, values: part.map(toAccessEventRow), format: 'JSONEachRow', ...(settings ? { clickhouse_settings: settings } : {}) });
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

const COUNT = 'SELECT count() AS c FROM {db:Identifier}.access_events';
const COUNT_FINAL = 'SELECT count() AS c FROM {db:Identifier}.access_events FINAL';
const COUNT_DISTINCT_IDS = 'SELECT uniqExact(id) AS c FROM {db:Identifier}.access_events';

/** The access_events columns fromAccessEventRow reads, for every query that returns whole events. */
export const ACCESS_EVENT_SELECT = `id, toUnixTimestamp64Milli(ts) AS ts_ms, gateway, token_fp, token_hint, token_kind,
       ip, method, route, path, status, bytes, latency_ms, user_agent, consumer, service,
       country, region, city, lat, lon`;

const EVENTS_BY_TOKEN = `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
ORDER BY ts DESC, id DESC
LIMIT {limit:UInt32}`;

/** Rows in access_events; `final: true` counts a redelivered event once even before merges. */
export async function countAccessEvents(ch: ClickHouse, opts: { final?: boolean } = {}): Promise<number> {
  return scalar(ch, opts.final ? COUNT_FINAL : COUNT);
}

export async function countDistinctEventIds(ch: ClickHouse): Promise<number> {
  return scalar(ch, COUNT_DISTINCT_IDS);
}

/** The most recent events of one token, newest first, deduplicated. */
export async function getAccessEventsByToken(ch: ClickHouse, fp: string, limit: number): Promise<AccessEvent[]> {
  const rs = await ch.client.query({
    query: EVENTS_BY_TOKEN,
    query_params: { db: ch.database, fp, limit: assertLimit(limit) },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows.map(fromAccessEventRow);
}

async function scalar(ch: ClickHouse, query: string): Promise<number> {
  const rs = await ch.client.query({ query, query_params: { db: ch.database }, format: 'JSONEachRow' });
  const rows = await rs.json<{ c: unknown }>();
  return toNumber(rows[0]?.c ?? 0);
}

export function assertLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new RangeError(`limit must be an integer from 1 to 100000, got ${String(limit)}`);
  }
  return limit;
}
