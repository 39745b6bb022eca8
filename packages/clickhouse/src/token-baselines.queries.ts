import type { AccessEvent } from '@tokenwatch/contracts';
import { ACCESS_EVENT_SELECT, fromAccessEventRow } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { chunk, INSERT_CHUNK_ROWS, toNumber } from './values.util';

/** Why a baseline row was written; kept in the row so analysts can tell periodic saves from evictions. */
export type BaselineWriteReason = 'periodic' | 'alerted' | 'revoked' | 'shutdown' | 'evicted' | 'rebuild';

/** One token_baselines row: `state` is the detector's snapshot JSON, the rest its readable summary. */
export interface TokenBaselineRecord {
  fp: string;
  snapshotVersion: number;
  learning: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
  consumer: string;
  service: string;
  countries: string[];
  userAgents: string[];
  routes: string[];
  hourlyRate: number[];
  reason: BaselineWriteReason;
  state: string;
}

/**
 * Writes baselines. The version is the token's last event time, so when two scorers race (one lost
 * the partition, the other already went on) the state that saw more of the token's events wins; on a
 * tie the later insert wins.
 */
export async function insertTokenBaselines(ch: ClickHouse, records: readonly TokenBaselineRecord[]): Promise<void> {
  if (records.length === 0) return;
  const latest = new Map<string, TokenBaselineRecord>();
  for (const r of records) latest.set(r.fp, r);
  const rows = [...latest.values()].map((r) => ({
    token_fp: r.fp,
    version: r.lastSeen,
    snapshot_version: r.snapshotVersion,
    learning: r.learning,
    first_seen: r.firstSeen,
    last_seen: r.lastSeen,
    events: r.events,
    consumer: r.consumer,
    service: r.service,
    countries: r.countries,
    user_agents: r.userAgents,
    routes: r.routes,
    hourly_rate: r.hourlyRate,
    reason: r.reason,
    state: r.state,
  }));
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) {
    await ch.client.insert({ table: `${ch.database}.token_baselines`, values: part, format: 'JSONEachRow' });
  }
}

const LOAD_STATES = `SELECT token_fp, state
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp IN {fps:Array(String)}`;

/** The latest snapshot JSON of each of these tokens that has one (fp -> state). */
export async function loadTokenBaselineStates(ch: ClickHouse, fps: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunk([...fps], 5_000)) {
    const rs = await ch.client.query({ query: LOAD_STATES, query_params: { db: ch.database, fps: part }, format: 'JSONEachRow' });
    for (const row of await rs.json<{ token_fp: string; state: string }>()) out.set(row.token_fp, row.state);
  }
  return out;
}

const COUNT_BASELINES = `SELECT count() AS c, countIf(learning = 'active') AS active
FROM {db:Identifier}.token_baselines FINAL`;

export async function countTokenBaselines(ch: ClickHouse): Promise<{ tokens: number; active: number }> {
  const rs = await ch.client.query({ query: COUNT_BASELINES, query_params: { db: ch.database }, format: 'JSONEachRow' });
  const [row] = await rs.json<{ c: unknown; active: unknown }>();
  return { tokens: toNumber(row?.c ?? 0), active: toNumber(row?.active ?? 0) };
}

export interface TokenMinuteRollup {
  minute: number;
  requests: number;
  errors: number;
  bytes: number;
  countries: string[];
  routes: string[];
}

const MINUTE_ROLLUPS = `SELECT toUnixTimestamp(minute) * 1000 AS minute_ms,
       uniqExactMerge(requests) AS requests, uniqExactIfMerge(errors) AS errors, sumMerge(bytes) AS bytes,
       groupUniqArrayIfMerge(64)(countries) AS countries, groupUniqArrayIfMerge(256)(routes) AS routes
FROM {db:Identifier}.token_minute_rollups
WHERE token_fp = {fp:String} AND minute >= toDateTime(intDiv({from:Int64}, 1000)) AND minute < toDateTime(intDiv({to:Int64}, 1000))
GROUP BY minute
ORDER BY minute`;

/** One token's per-minute rollups in [from, to) (epoch ms), oldest first. */
export async function getTokenMinuteRollups(ch: ClickHouse, fp: string, from: number, to: number): Promise<TokenMinuteRollup[]> {
  const rs = await ch.client.query({ query: MINUTE_ROLLUPS, query_params: { db: ch.database, fp, from, to }, format: 'JSONEachRow' });
  const rows = await rs.json<Record<string, unknown>>();
  return rows.map((r) => ({
    minute: toNumber(r.minute_ms),
    requests: toNumber(r.requests),
    errors: toNumber(r.errors),
    bytes: toNumber(r.bytes),
    countries: [...(r.countries as string[])].sort(),
    routes: [...(r.routes as string[])].sort(),
  }));
}

const HISTORY_PAGE = `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) AND ts < fromUnixTimestamp64Milli({until:Int64})
  AND (toUnixTimestamp64Milli(ts), id) > ({afterTs:Int64}, {afterId:String})
ORDER BY ts, id
LIMIT {limit:UInt32}`;

/**
 * Stored events with since <= ts < until in event-time order (ties by id), one page at a time, so a
 * long history never sits in memory at once. Each event is stored once (FINAL).
 */
export async function* readAccessEventHistory(
  ch: ClickHouse,
  opts: { since: number; until: number; pageSize?: number },
): AsyncGenerator<AccessEvent[]> {
  const limit = opts.pageSize ?? 20_000;
  let afterTs = opts.since - 1;
  let afterId = '';
  for (;;) {
    const rs = await ch.client.query({
      query: HISTORY_PAGE,
      query_params: { db: ch.database, since: opts.since, until: opts.until, afterTs, afterId, limit },
      format: 'JSONEachRow',
    });
    const page = (await rs.json<Record<string, unknown>>()).map(fromAccessEventRow);
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    afterTs = last.ts;
    afterId = last.id;
    if (page.length < limit) return;
  }
}

/** What the API shows of a token's stored detector baseline. */
export interface TokenBaselineSummary {
  learning: string;
  events: number;
  lastSeen: number;
  /** Requests per hour for each hour of the week, from Monday 00:00 UTC (168 values). */
  hourlyRate: number[];
  /** Negative-binomial dispersion of the hourly counts (1 = Poisson). */
  dispersion: number;
}

const BASELINE_SUMMARY = `SELECT learning, events, toUnixTimestamp64Milli(last_seen) AS last_seen_ms, hourly_rate,
       JSONExtractFloat(state, 'state', 'phi') AS phi
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp = {fp:String}`;

export async function getTokenBaselineSummary(ch: ClickHouse, fp: string): Promise<TokenBaselineSummary | undefined> {
  const rs = await ch.client.query({ query: BASELINE_SUMMARY, query_params: { db: ch.database, fp }, format: 'JSONEachRow' });
  const [row] = await rs.json<Record<string, unknown>>();
  if (!row) return undefined;
  return {
    learning: String(row.learning),
    events: toNumber(row.events),
    lastSeen: toNumber(row.last_seen_ms),
    hourlyRate: (row.hourly_rate as unknown[]).map(Number),
    dispersion: toNumber(row.phi),
  };
}
