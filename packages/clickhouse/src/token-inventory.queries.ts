import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

export interface TokenInventoryOptions {
  /** "Now" in epoch ms (passed in so results are reproducible). */
  now: number;
  /** Token fingerprint after which the page starts (keyset on token_fp). */
  afterFp?: string;
  limit: number;
  /** Seen for at least this many days: long-lived (default 90). */
  longLivedDays?: number;
  /** Silent for at least this many days: dormant (default 30). */
  dormantDays?: number;
  /** Used from at least this many distinct IPs: shared (default 20). */
  sharedIps?: number;
}

export interface TokenInventoryRow {
  fp: string;
  hint: string | null;
  kind: string;
  consumer: string | null;
  firstSeen: number;
  lastSeen: number;
  ageDays: number;
  events: number;
  bytes: number;
  countries: string[];
  routes: number;
  ips: number;
  userAgents: number;
  alerts: number;
  flags: { longLived: boolean; dormant: boolean; sharedIps: boolean };
}

const INVENTORY = `SELECT e.token_fp AS fp, e.hint AS hint, e.kind AS kind, e.consumer AS consumer,
       e.first_ms AS first_ms, e.last_ms AS last_ms, e.events AS events, e.bytes AS bytes,
       e.countries AS countries, e.routes AS routes, e.ips AS ips, e.uas AS uas,
       ifNull(a.alerts, 0) AS alerts
FROM (
  SELECT token_fp,
         anyLast(token_hint) AS hint,
         anyLast(token_kind) AS kind,
         anyLast(consumer) AS consumer,
         toUnixTimestamp64Milli(min(ts)) AS first_ms,
         toUnixTimestamp64Milli(max(ts)) AS last_ms,
         count() AS events,
         sum(ifNull(bytes, 0)) AS bytes,
         arraySort(groupUniqArray(assumeNotNull(country))) AS countries,
         uniqExact(route) AS routes,
         uniqExact(ip) AS ips,
         uniqExact(user_agent) AS uas
  FROM {db:Identifier}.access_events FINAL
  WHERE token_fp > {after:String}
  GROUP BY token_fp
  ORDER BY token_fp
  LIMIT {limit:UInt32}
) AS e
LEFT JOIN (
  SELECT token_fp, count() AS alerts FROM {db:Identifier}.alerts FINAL GROUP BY token_fp
) AS a ON a.token_fp = e.token_fp
ORDER BY fp`;

const DAY_MS = 86_400_000;

/** Every token seen in access_events with usage aggregates and risk flags, ordered by fingerprint. */
export async function listTokenInventory(ch: ClickHouse, opts: TokenInventoryOptions): Promise<TokenInventoryRow[]> {
  const rs = await ch.client.query({
    query: INVENTORY,
    query_params: { db: ch.database, after: opts.afterFp ?? '', limit: assertLimit(opts.limit) },
    format: 'JSONEachRow',
  });
  const longLived = (opts.longLivedDays ?? 90) * DAY_MS;
  const dormant = (opts.dormantDays ?? 30) * DAY_MS;
  const shared = opts.sharedIps ?? 20;
  return (await rs.json<Record<string, unknown>>()).map((r) => {
    const firstSeen = toNumber(r.first_ms);
    const lastSeen = toNumber(r.last_ms);
    const ips = toNumber(r.ips);
    return {
      fp: String(r.fp),
      hint: r.hint === null || r.hint === undefined ? null : String(r.hint),
      kind: String(r.kind),
      consumer: r.consumer === null || r.consumer === undefined ? null : String(r.consumer),
      firstSeen,
      lastSeen,
      ageDays: Math.floor((opts.now - firstSeen) / DAY_MS),
      events: toNumber(r.events),
      bytes: toNumber(r.bytes),
      countries: (r.countries as string[]).filter((c) => c !== ''),
      routes: toNumber(r.routes),
      ips,
      userAgents: toNumber(r.uas),
      alerts: toNumber(r.alerts),
      flags: {
        longLived: opts.now - firstSeen >= longLived,
        dormant: opts.now - lastSeen >= dormant,
        sharedIps: ips >= shared,
      },
    };
  });
}

export interface TokenUsage {
  hourly: { hour: number; events: number; bytes: number; errors: number; ips: number }[];
  countries: { country: string | null; events: number }[];
  routes: { route: string | null; events: number }[];
}

const HOURLY = `SELECT toUnixTimestamp(toStartOfHour(ts)) * 1000 AS hour_ms, count() AS events, sum(ifNull(bytes, 0)) AS bytes,
       countIf(ifNull(status, 0) >= 400) AS errors, uniqExact(ip) AS ips
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
GROUP BY hour_ms
ORDER BY hour_ms`;

const BY_COUNTRY = `SELECT country AS key, count() AS events
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
GROUP BY key ORDER BY events DESC, key LIMIT 100`;

const BY_ROUTE = `SELECT route AS key, count() AS events
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
GROUP BY key ORDER BY events DESC, key LIMIT 100`;

/** One token's usage per hour, countries and route mix within [from, to) (epoch ms). */
export async function getTokenUsage(ch: ClickHouse, fp: string, range: { from: number; to: number }): Promise<TokenUsage> {
  const params = { db: ch.database, fp, from: range.from, to: range.to };
  const run = async (query: string) =>
    (await ch.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const [hourly, countries, routes] = await Promise.all([run(HOURLY), run(BY_COUNTRY), run(BY_ROUTE)]);
  const keyed = (r: Record<string, unknown>) => ({ key: r.key === null || r.key === undefined ? null : String(r.key), events: toNumber(r.events) });
  return {
    hourly: hourly.map((r) => ({
      hour: toNumber(r.hour_ms),
      events: toNumber(r.events),
      bytes: toNumber(r.bytes),
      errors: toNumber(r.errors),
      ips: toNumber(r.ips),
    })),
    countries: countries.map(keyed).map(({ key, events }) => ({ country: key, events })),
    routes: routes.map(keyed).map(({ key, events }) => ({ route: key, events })),
  };
}
