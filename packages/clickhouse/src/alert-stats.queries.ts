import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chNumber, chNullableString, chUInt32 } from './query/row-values';

/** A detection-time range (epoch ms, inclusive from, exclusive to) cut into buckets of `bucketMs`. */
export interface BucketedRange {
  from: number;
  to: number;
  bucketMs: number;
}

const IN_RANGE = `ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

const Range = z.object({ from: chEpochMs, to: chEpochMs });
const BucketedParams = Range.extend({ bucket: z.number().int().positive() });
const TopParams = Range.extend({ limit: chUInt32 });

const OVER_TIME = defineSelect({
  name: 'alerts.over_time',
  sql: `SELECT intDiv(toUnixTimestamp64Milli(ts), {bucket:Int64}) * {bucket:Int64} AS bucket_ms, severity, count() AS alerts
FROM {db:Identifier}.alerts FINAL
WHERE ${IN_RANGE}
GROUP BY bucket_ms, severity
ORDER BY bucket_ms, severity`,
  params: BucketedParams,
  row: z
    .object({ bucket_ms: chNumber, severity: z.string(), alerts: chNumber })
    .transform((r) => ({ bucket: r.bucket_ms, severity: r.severity, alerts: r.alerts })),
});

const TOP_SIGNALS = defineSelect({
  name: 'alerts.top_signals',
  sql: `SELECT signal, count() AS alerts
FROM {db:Identifier}.alerts FINAL
ARRAY JOIN arrayDistinct(arrayMap(s -> JSONExtractString(s, 'type'), JSONExtractArrayRaw(signals))) AS signal
WHERE ${IN_RANGE}
GROUP BY signal
ORDER BY alerts DESC, signal
LIMIT {limit:UInt32}`,
  params: TopParams,
  row: z.object({ signal: z.string(), alerts: chNumber }),
});

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface TopAlertToken {
  fp: string;
  hint: string | null;
  alerts: number;
  firing: number;
  worstSeverity: string;
}

const TOP_TOKENS = defineSelect({
  name: 'alerts.top_tokens',
  sql: `SELECT token_fp, anyLast(token_hint) AS hint, count() AS alerts, countIf(state = 'firing') AS firing,
       min(indexOf(['critical', 'high', 'medium', 'low'], severity)) AS worst
FROM {db:Identifier}.alerts FINAL
WHERE ${IN_RANGE}
GROUP BY token_fp
ORDER BY firing DESC, worst ASC, alerts DESC, token_fp
LIMIT {limit:UInt32}`,
  params: TopParams,
  row: z
    .object({ token_fp: z.string(), hint: chNullableString, alerts: chNumber, firing: chNumber, worst: chNumber })
    .transform((r): TopAlertToken => ({ fp: r.token_fp, hint: r.hint, alerts: r.alerts, firing: r.firing, worstSeverity: SEVERITIES[r.worst - 1] ?? 'low' })),
});

const EVENT_RATE = defineSelect({
  name: 'token_minute_rollups.events_over_time',
  sql: `SELECT intDiv(toUnixTimestamp(minute) * 1000, {bucket:Int64}) * {bucket:Int64} AS bucket_ms, sum(requests) AS events,
       sum(errors) AS errors
FROM (
  SELECT token_fp, minute, uniqExactMerge(requests) AS requests, uniqExactIfMerge(errors) AS errors
  FROM {db:Identifier}.token_minute_rollups
  WHERE minute >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND minute < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
  GROUP BY token_fp, minute
)
GROUP BY bucket_ms
ORDER BY bucket_ms`,
  params: BucketedParams,
  row: z.object({ bucket_ms: chNumber, events: chNumber, errors: chNumber }).transform((r) => ({ bucket: r.bucket_ms, events: r.events, errors: r.errors })),
});

/** Alerts detected per bucket and severity (empty buckets left out). */
export async function alertsOverTime(ch: ClickHouse, r: BucketedRange): Promise<{ bucket: number; severity: string; alerts: number }[]> {
  return unwrap(await runQuery(ch, OVER_TIME, { from: r.from, to: r.to, bucket: Math.max(1, Math.round(r.bucketMs)) }));
}

/** Signal types by the number of alerts in the range that carried them. */
export async function topAlertSignals(ch: ClickHouse, r: { from: number; to: number; limit: number }): Promise<{ signal: string; alerts: number }[]> {
  return unwrap(await runQuery(ch, TOP_SIGNALS, { from: r.from, to: r.to, limit: r.limit }));
}

/** Tokens with the most firing alerts in the range, then the worst severity, then the most alerts. */
export async function topAlertTokens(ch: ClickHouse, r: { from: number; to: number; limit: number }): Promise<TopAlertToken[]> {
  return unwrap(await runQuery(ch, TOP_TOKENS, { from: r.from, to: r.to, limit: r.limit }));
}

/** Stored access events (and those answered with an error status) per bucket of event time, from the minute rollups. */
export async function storedEventsOverTime(ch: ClickHouse, r: BucketedRange): Promise<{ bucket: number; events: number; errors: number }[]> {
  return unwrap(await runQuery(ch, EVENT_RATE, { from: r.from, to: r.to, bucket: Math.max(60_000, Math.round(r.bucketMs)) }));
}
