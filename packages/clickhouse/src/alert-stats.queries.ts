import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

/** A detection-time range (epoch ms, inclusive from, exclusive to) cut into buckets of `bucketMs`. */
export interface BucketedRange {
  from: number;
  to: number;
  bucketMs: number;
}

const IN_RANGE = `ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

const OVER_TIME = `SELECT intDiv(toUnixTimestamp64Milli(ts), {bucket:Int64}) * {bucket:Int64} AS bucket_ms, severity, count() AS alerts
FROM {db:Identifier}.alerts FINAL
WHERE ${IN_RANGE}
GROUP BY bucket_ms, severity
ORDER BY bucket_ms, severity`;

const TOP_SIGNALS = `SELECT signal, count() AS alerts
FROM {db:Identifier}.alerts FINAL
ARRAY JOIN arrayDistinct(arrayMap(s -> JSONExtractString(s, 'type'), JSONExtractArrayRaw(signals))) AS signal
WHERE ${IN_RANGE}
GROUP BY signal
ORDER BY alerts DESC, signal
LIMIT {limit:UInt32}`;

const TOP_TOKENS = `SELECT token_fp, anyLast(token_hint) AS hint, count() AS alerts, countIf(state = 'firing') AS firing,
       min(indexOf(['critical', 'high', 'medium', 'low'], severity)) AS worst
FROM {db:Identifier}.alerts FINAL
WHERE ${IN_RANGE}
GROUP BY token_fp
ORDER BY firing DESC, worst ASC, alerts DESC, token_fp
LIMIT {limit:UInt32}`;

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

async function rows(ch: ClickHouse, query: string, params: Record<string, unknown>) {
  const rs = await ch.client.query({ query, query_params: { db: ch.database, ...params }, format: 'JSONEachRow' });
  return rs.json<Record<string, unknown>>();
}

/** Alerts detected per bucket and severity (empty buckets left out). */
export async function alertsOverTime(ch: ClickHouse, r: BucketedRange): Promise<{ bucket: number; severity: string; alerts: number }[]> {
  const out = await rows(ch, OVER_TIME, { from: r.from, to: r.to, bucket: Math.max(1, Math.round(r.bucketMs)) });
  return out.map((row) => ({ bucket: toNumber(row.bucket_ms), severity: String(row.severity), alerts: toNumber(row.alerts) }));
}

/** Signal types by the number of alerts in the range that carried them. */
export async function topAlertSignals(ch: ClickHouse, r: { from: number; to: number; limit: number }): Promise<{ signal: string; alerts: number }[]> {
  const out = await rows(ch, TOP_SIGNALS, r);
  return out.map((row) => ({ signal: String(row.signal), alerts: toNumber(row.alerts) }));
}

export interface TopAlertToken {
  fp: string;
  hint: string | null;
  alerts: number;
  firing: number;
  worstSeverity: string;
}

/** Tokens with the most firing alerts in the range, then the worst severity, then the most alerts. */
export async function topAlertTokens(ch: ClickHouse, r: { from: number; to: number; limit: number }): Promise<TopAlertToken[]> {
  const out = await rows(ch, TOP_TOKENS, r);
  return out.map((row) => ({
    fp: String(row.token_fp),
    hint: row.hint === null || row.hint === undefined ? null : String(row.hint),
    alerts: toNumber(row.alerts),
    firing: toNumber(row.firing),
    worstSeverity: SEVERITIES[toNumber(row.worst) - 1] ?? 'low',
  }));
}

const EVENT_RATE = `SELECT intDiv(toUnixTimestamp(minute) * 1000, {bucket:Int64}) * {bucket:Int64} AS bucket_ms, sum(requests) AS events,
       sum(errors) AS errors
FROM (
  SELECT token_fp, minute, uniqExactMerge(requests) AS requests, uniqExactIfMerge(errors) AS errors
  FROM {db:Identifier}.token_minute_rollups
  WHERE minute >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND minute < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
  GROUP BY token_fp, minute
)
GROUP BY bucket_ms
ORDER BY bucket_ms`;

/** Stored access events (and those answered with an error status) per bucket of event time, from the minute rollups. */
export async function storedEventsOverTime(ch: ClickHouse, r: BucketedRange): Promise<{ bucket: number; events: number; errors: number }[]> {
  const out = await rows(ch, EVENT_RATE, { from: r.from, to: r.to, bucket: Math.max(60_000, Math.round(r.bucketMs)) });
  return out.map((row) => ({ bucket: toNumber(row.bucket_ms), events: toNumber(row.events), errors: toNumber(row.errors) }));
}
