import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

export interface TokenInventoryOptions {
  /** Most tokens read (1..100 000), in fingerprint order. */
  limit: number;
}

/**
 * What is known about one token: from its access events within retention, its detector baseline
 * (lifetime first/last seen, countries, user agents), its day-level activity (minute rollups, 400
 * days) and its alerts. Times in epoch ms; the risk judgement is left to the caller.
 */
export interface TokenInventoryRow {
  fp: string;
  hint: string | null;
  kind: string | null;
  consumer: string | null;
  firstSeen: number;
  lastSeen: number;
  /** Requests and response bytes within the retention of access_events. */
  events: number;
  bytes: number;
  countries: string[];
  routes: number;
  ips: number;
  userAgents: number;
  /** "METHOD /route" of routes used within retention (at most 200). */
  routeKeys: string[];
  /** The longest run of whole days without a request between two active days. */
  longestSilenceDays: number;
  alerts: number;
  /** Firing alerts not triaged as resolved or false positive, by severity. */
  openAlerts: { critical: number; high: number; medium: number; low: number };
  /** Alerts that carried a dormant_reactivation signal. */
  reactivationAlerts: number;
}

const INVENTORY = `WITH
ev AS (
  SELECT token_fp,
         anyLast(token_hint) AS hint, anyLast(token_kind) AS kind, anyLast(consumer) AS consumer,
         toUnixTimestamp64Milli(min(ts)) AS first_ms, toUnixTimestamp64Milli(max(ts)) AS last_ms,
         count() AS events, sum(ifNull(bytes, 0)) AS bytes,
         groupUniqArrayIf(assumeNotNull(country), isNotNull(country)) AS countries,
         uniqExact(route) AS routes, uniqExact(ip) AS ips, uniqExact(user_agent) AS uas,
         groupUniqArrayIf(200)(concat(ifNull(method, '*'), ' ', assumeNotNull(route)), isNotNull(route)) AS route_keys
  FROM {db:Identifier}.access_events FINAL
  GROUP BY token_fp
),
bl AS (
  SELECT token_fp, toUnixTimestamp64Milli(first_seen) AS first_ms, toUnixTimestamp64Milli(last_seen) AS last_ms,
         consumer, countries, length(user_agents) AS uas
  FROM {db:Identifier}.token_baselines FINAL
),
days AS (
  SELECT token_fp, arrayMax(arrayDifference(arraySort(groupUniqArray(toRelativeDayNum(minute))))) AS gap
  FROM {db:Identifier}.token_minute_rollups
  GROUP BY token_fp
),
al AS (
  SELECT token_fp, count() AS alerts,
         countIf(open AND severity = 'critical') AS open_critical, countIf(open AND severity = 'high') AS open_high,
         countIf(open AND severity = 'medium') AS open_medium, countIf(open AND severity = 'low') AS open_low,
         countIf(has(arrayMap(s -> JSONExtractString(s, 'type'), JSONExtractArrayRaw(signals)), 'dormant_reactivation')) AS reactivations
  FROM (
    SELECT a.token_fp AS token_fp, a.severity AS severity, a.signals AS signals,
           a.state = 'firing' AND t.action NOT IN ('resolve', 'false_positive') AS open
    FROM (SELECT id, token_fp, severity, signals, state FROM {db:Identifier}.alerts FINAL) AS a
    LEFT JOIN (SELECT alert_id, argMax(action, recorded_at) AS action FROM {db:Identifier}.alert_triage GROUP BY alert_id) AS t
      ON t.alert_id = a.id
  )
  GROUP BY token_fp
)
SELECT b.*, days.gap AS gap, al.alerts AS alerts, al.open_critical AS open_critical, al.open_high AS open_high,
       al.open_medium AS open_medium, al.open_low AS open_low, al.reactivations AS reactivations
FROM (
  SELECT if(ev.token_fp != '', ev.token_fp, bl.token_fp) AS fp,
         ev.token_fp != '' AS in_events, bl.token_fp != '' AS in_baseline,
         ev.hint AS hint, ev.kind AS kind, ev.consumer AS ev_consumer, bl.consumer AS bl_consumer,
         ev.first_ms AS ev_first_ms, ev.last_ms AS ev_last_ms, bl.first_ms AS bl_first_ms, bl.last_ms AS bl_last_ms,
         ev.events AS events, ev.bytes AS bytes, arraySort(arrayDistinct(arrayConcat(ev.countries, bl.countries))) AS countries,
         ev.routes AS routes, ev.ips AS ips, greatest(ev.uas, bl.uas) AS uas, ev.route_keys AS route_keys
  FROM ev
  FULL OUTER JOIN bl ON bl.token_fp = ev.token_fp
) AS b
LEFT JOIN days ON days.token_fp = b.fp
LEFT JOIN al ON al.token_fp = b.fp
ORDER BY b.fp
LIMIT {limit:UInt32}
SETTINGS join_use_nulls = 0`;

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

function fromRow(r: Record<string, unknown>): TokenInventoryRow {
  const inEvents = Boolean(toNumber(r.in_events));
  const inBaseline = Boolean(toNumber(r.in_baseline));
  const firsts = [inEvents && toNumber(r.ev_first_ms), inBaseline && toNumber(r.bl_first_ms)].filter((n): n is number => typeof n === 'number');
  const lasts = [inEvents && toNumber(r.ev_last_ms), inBaseline && toNumber(r.bl_last_ms)].filter((n): n is number => typeof n === 'number');
  return {
    fp: String(r.fp),
    hint: text(r.hint),
    kind: text(r.kind),
    consumer: text(r.ev_consumer) ?? text(r.bl_consumer),
    firstSeen: Math.min(...firsts),
    lastSeen: Math.max(...lasts),
    events: toNumber(r.events),
    bytes: toNumber(r.bytes),
    countries: (r.countries as string[]).filter((c) => c !== ''),
    routes: toNumber(r.routes),
    ips: toNumber(r.ips),
    userAgents: toNumber(r.uas),
    routeKeys: [...(r.route_keys as string[])].sort(),
    longestSilenceDays: Math.max(0, toNumber(r.gap) - 1),
    alerts: toNumber(r.alerts),
    openAlerts: { critical: toNumber(r.open_critical), high: toNumber(r.open_high), medium: toNumber(r.open_medium), low: toNumber(r.open_low) },
    reactivationAlerts: toNumber(r.reactivations),
  };
}

/** Every token seen (in access events within retention, or with a detector baseline), by fingerprint. */
export async function listTokenInventory(ch: ClickHouse, opts: TokenInventoryOptions): Promise<TokenInventoryRow[]> {
  const rs = await ch.client.query({
    query: INVENTORY,
    query_params: { db: ch.database, limit: assertLimit(opts.limit) },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromRow);
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
