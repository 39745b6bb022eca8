import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chNullableNumber, chNumber, chText, chUInt32 } from './query/row-values';

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

const WindowParams = z.object({ fp: z.string(), from: chEpochMs, to: chEpochMs, limit: chUInt32 });

const PLACES = defineSelect({
  name: 'access_events.token_places',
  sql: `SELECT anyLast(country) AS country, anyLast(city) AS city, round(avg(lat), 2) AS place_lat, round(avg(lon), 2) AS place_lon, count() AS events,
       toUnixTimestamp64Milli(min(ts)) AS first_ms, toUnixTimestamp64Milli(max(ts)) AS last_ms
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE} AND isNotNull(lat) AND isNotNull(lon)
GROUP BY round(lat, 1), round(lon, 1)
ORDER BY events DESC, last_ms DESC
LIMIT {limit:UInt32}`,
  params: WindowParams,
  row: z
    .object({ country: chText, city: chText, place_lat: chNumber, place_lon: chNumber, events: chNumber, first_ms: chNumber, last_ms: chNumber })
    .transform((r): TokenPlace => ({
      country: r.country,
      city: r.city,
      lat: r.place_lat,
      lon: r.place_lon,
      events: r.events,
      firstSeen: r.first_ms,
      lastSeen: r.last_ms,
    })),
});

const IPS = defineSelect({
  name: 'access_events.token_ips',
  sql: `SELECT ip, count() AS events, anyLast(country) AS country, toUnixTimestamp64Milli(max(ts)) AS last_ms
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE} AND isNotNull(ip)
GROUP BY ip
ORDER BY events DESC, ip
LIMIT {limit:UInt32}`,
  params: WindowParams,
  row: z
    .object({ ip: z.string(), events: chNumber, country: chText, last_ms: chNumber })
    .transform((r) => ({ ip: r.ip, events: r.events, country: r.country, lastSeen: r.last_ms })),
});

export interface LocatedEvent {
  ts: number;
  ip: string | null;
  country: string | null;
  city: string | null;
  lat: number;
  lon: number;
}

const LAST_LOCATED = defineSelect({
  name: 'access_events.token_last_located',
  sql: `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, ip, country, city, lat, lon
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String} AND ts < fromUnixTimestamp64Milli({before:Int64}, 'UTC') AND isNotNull(lat) AND isNotNull(lon)
ORDER BY ts DESC
LIMIT 1`,
  params: z.object({ fp: z.string(), before: chEpochMs }),
  row: z
    .object({ ts_ms: chNumber, ip: chText, country: chText, city: chText, lat: chNullableNumber, lon: chNullableNumber })
    .transform((r): LocatedEvent => ({ ts: r.ts_ms, ip: r.ip, country: r.country, city: r.city, lat: r.lat ?? 0, lon: r.lon ?? 0 })),
});

interface Window {
  from: number;
  to: number;
  limit: number;
}

/** The located places of a token within [from, to) (epoch ms). */
export async function getTokenPlaces(ch: ClickHouse, fp: string, w: Window): Promise<TokenPlace[]> {
  return unwrap(await runQuery(ch, PLACES, { fp, from: w.from, to: w.to, limit: w.limit }));
}

/** A token's source addresses within [from, to), most requests first. */
export async function getTokenIps(ch: ClickHouse, fp: string, w: Window): Promise<{ ip: string; events: number; country: string | null; lastSeen: number }[]> {
  return unwrap(await runQuery(ch, IPS, { fp, from: w.from, to: w.to, limit: w.limit }));
}

/** The token's last located request before `before` (where it came from), or null. */
export async function getLastLocatedEventBefore(ch: ClickHouse, fp: string, before: number): Promise<LocatedEvent | null> {
  const [located] = unwrap(await runQuery(ch, LAST_LOCATED, { fp, before }));
  return located ?? null;
}
