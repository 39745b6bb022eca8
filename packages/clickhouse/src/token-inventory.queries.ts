import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chFlag, chLimit, chNumber, chStrings, chText } from './query/row-values';

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

const INVENTORY_SQL = `WITH
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

const INVENTORY = defineSelect({
  name: 'tokens.inventory',
  sql: INVENTORY_SQL,
  params: z.object({ limit: chLimit }),
  row: z
    .object({
      fp: z.string(),
      in_events: chFlag,
      in_baseline: chFlag,
      hint: chText,
      kind: chText,
      ev_consumer: chText,
      bl_consumer: chText,
      ev_first_ms: chNumber,
      ev_last_ms: chNumber,
      bl_first_ms: chNumber,
      bl_last_ms: chNumber,
      events: chNumber,
      bytes: chNumber,
      countries: chStrings,
      routes: chNumber,
      ips: chNumber,
      uas: chNumber,
      route_keys: chStrings,
      gap: chNumber,
      alerts: chNumber,
      open_critical: chNumber,
      open_high: chNumber,
      open_medium: chNumber,
      open_low: chNumber,
      reactivations: chNumber,
    })
    .transform((r): TokenInventoryRow => {
      const firsts = [...(r.in_events ? [r.ev_first_ms] : []), ...(r.in_baseline ? [r.bl_first_ms] : [])];
      const lasts = [...(r.in_events ? [r.ev_last_ms] : []), ...(r.in_baseline ? [r.bl_last_ms] : [])];
      return {
        fp: r.fp,
        hint: r.hint,
        kind: r.kind,
        consumer: r.ev_consumer ?? r.bl_consumer,
        firstSeen: Math.min(...firsts),
        lastSeen: Math.max(...lasts),
        events: r.events,
        bytes: r.bytes,
        countries: r.countries.filter((c) => c !== ''),
        routes: r.routes,
        ips: r.ips,
        userAgents: r.uas,
        routeKeys: [...r.route_keys].sort(),
        longestSilenceDays: Math.max(0, r.gap - 1),
        alerts: r.alerts,
        openAlerts: { critical: r.open_critical, high: r.open_high, medium: r.open_medium, low: r.open_low },
        reactivationAlerts: r.reactivations,
      };
    }),
});

/** Every token seen (in access events within retention, or with a detector baseline), by fingerprint. */
export async function listTokenInventory(ch: ClickHouse, opts: TokenInventoryOptions): Promise<TokenInventoryRow[]> {
  return unwrap(await runQuery(ch, INVENTORY, { limit: assertLimit(opts.limit) }));
}

export interface TokenUsage {
  hourly: { hour: number; events: number; bytes: number; errors: number; ips: number }[];
  countries: { country: string | null; events: number }[];
  routes: { route: string | null; events: number }[];
}

const IN_RANGE = `token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

const UsageParams = z.object({ fp: z.string(), from: chEpochMs, to: chEpochMs });

const HOURLY = defineSelect({
  name: 'access_events.token_hourly',
  sql: `SELECT toUnixTimestamp(toStartOfHour(ts)) * 1000 AS hour_ms, count() AS events, sum(ifNull(bytes, 0)) AS bytes,
       countIf(ifNull(status, 0) >= 400) AS errors, uniqExact(ip) AS ips
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE}
GROUP BY hour_ms
ORDER BY hour_ms`,
  params: UsageParams,
  row: z
    .object({ hour_ms: chNumber, events: chNumber, bytes: chNumber, errors: chNumber, ips: chNumber })
    .transform((r) => ({ hour: r.hour_ms, events: r.events, bytes: r.bytes, errors: r.errors, ips: r.ips })),
});

/** A key (Nullable column) and its number of events; '' stays '' here, unlike chText. */
const KeyedRow = z.object({
  key: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  events: chNumber,
});

/** The token's events per value of one column in the range, most first (100 values at most). */
const eventsPerSql = (column: 'country' | 'route') => `SELECT ${column} AS key, count() AS events
FROM {db:Identifier}.access_events FINAL
WHERE ${IN_RANGE}
GROUP BY key ORDER BY events DESC, key LIMIT 100`;

const BY_COUNTRY = defineSelect({
  name: 'access_events.token_countries',
  sql: eventsPerSql('country'),
  params: UsageParams,
  row: KeyedRow.transform((r) => ({ country: r.key, events: r.events })),
});

const BY_ROUTE = defineSelect({
  name: 'access_events.token_routes',
  sql: eventsPerSql('route'),
  params: UsageParams,
  row: KeyedRow.transform((r) => ({ route: r.key, events: r.events })),
});

/** One token's usage per hour, countries and route mix within [from, to) (epoch ms). */
export async function getTokenUsage(ch: ClickHouse, fp: string, range: { from: number; to: number }): Promise<TokenUsage> {
  const params = { fp, from: range.from, to: range.to };
  const [hourly, countries, routes] = await Promise.all([runQuery(ch, HOURLY, params), runQuery(ch, BY_COUNTRY, params), runQuery(ch, BY_ROUTE, params)]);
  return { hourly: unwrap(hourly), countries: unwrap(countries), routes: unwrap(routes) };
}
