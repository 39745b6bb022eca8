import type { ClickHouse } from './clickhouse.client';
import { toNumber, toNullableNumber } from './values.util';

/** Where a token was used: one row per city (coordinates rounded to 0.1°), most requests first. */
export interface TokenPlace {
  country: string | null;
  city: string | null;
  lat: number;
  lon: number;
  events: number;
  firstSeen: number;
  lastSeen: number;
}

const IN_RANGE = `token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

const PLACES = `SELECT anyLast(country) AS country, anyLast(city) AS city, round(avg(lat), 2) AS place_lat, round(avg(lon), 2) AS place_lon, count() AS events,
       toUnixTimestamp64Milli(min(ts)) AS first_ms, toUnixTimestamp64Milli(max(ts)) AS last_ms
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE} AND isNotNull(lat) AND isNotNull(lon)
GROUP BY round(lat, 1), round(lon, 1)
ORDER BY events DESC, last_ms DESC
LIMIT {limit:UInt32}`;

const IPS = `SELECT ip, count() AS events, anyLast(country) AS country, toUnixTimestamp64Milli(max(ts)) AS last_ms
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE} AND isNotNull(ip)
GROUP BY ip
ORDER BY events DESC, ip
LIMIT {limit:UInt32}`;

const LAST_LOCATED = `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, ip, country, city, lat, lon
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String} AND ts < fromUnixTimestamp64Milli({before:Int64}, 'UTC') AND isNotNull(lat) AND isNotNull(lon)
ORDER BY ts DESC
LIMIT 1`;

const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

interface Window {
  from: number;
  to: number;
  limit: number;
}

async function rows(ch: ClickHouse, query: string, params: Record<string, unknown>) {
  const rs = await ch.client.query({ query, query_params: { db: ch.database, ...params }, format: 'JSONEachRow' });
  return rs.json<Record<string, unknown>>();
}

/** The located places of a token within [from, to) (epoch ms). */
export async function getTokenPlaces(ch: ClickHouse, fp: string, w: Window): Promise<TokenPlace[]> {
  return (await rows(ch, PLACES, { fp, ...w })).map((r) => ({
    country: text(r.country),
    city: text(r.city),
    lat: toNumber(r.place_lat),
    lon: toNumber(r.place_lon),
    events: toNumber(r.events),
    firstSeen: toNumber(r.first_ms),
    lastSeen: toNumber(r.last_ms),
  }));
}

/** A token's source addresses within [from, to), most requests first. */
export async function getTokenIps(ch: ClickHouse, fp: string, w: Window): Promise<{ ip: string; events: number; country: string | null; lastSeen: number }[]> {
  return (await rows(ch, IPS, { fp, ...w })).map((r) => ({ ip: String(r.ip), events: toNumber(r.events), country: text(r.country), lastSeen: toNumber(r.last_ms) }));
}

export interface LocatedEvent {
  ts: number;
  ip: string | null;
  country: string | null;
  city: string | null;
  lat: number;
  lon: number;
}

/** The token's last located request before `before` (where it came from), or null. */
export async function getLastLocatedEventBefore(ch: ClickHouse, fp: string, before: number): Promise<LocatedEvent | null> {
  const [r] = await rows(ch, LAST_LOCATED, { fp, before });
  if (!r) return null;
  return { ts: toNumber(r.ts_ms), ip: text(r.ip), country: text(r.country), city: text(r.city), lat: toNullableNumber(r.lat) ?? 0, lon: toNullableNumber(r.lon) ?? 0 };
}
