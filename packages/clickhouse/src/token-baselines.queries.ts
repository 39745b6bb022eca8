import type { AccessEvent } from '@tokenwatch/contracts';
import { z } from 'zod';
import { ACCESS_EVENT_SELECT, AccessEventSelectRow } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineInsert, defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chNumber, chNumbers, chStrings, chUInt32 } from './query/row-values';
import { chunk, INSERT_CHUNK_ROWS } from './values.util';

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

/** One token_baselines row as written (`written_at` takes its default). */
interface TokenBaselineRow {
  token_fp: string;
  version: number;
  snapshot_version: number;
  learning: string;
  first_seen: number;
  last_seen: number;
  events: number;
  consumer: string;
  service: string;
  countries: string[];
  user_agents: string[];
  routes: string[];
  hourly_rate: number[];
  reason: BaselineWriteReason;
  state: string;
}

export const TOKEN_BASELINE_COLUMNS = [
  'token_fp',
  'version',
  'snapshot_version',
  'learning',
  'first_seen',
  'last_seen',
  'events',
  'consumer',
  'service',
  'countries',
  'user_agents',
  'routes',
  'hourly_rate',
  'reason',
  'state',
] as const;

const INSERT_BASELINES = defineInsert<TokenBaselineRow>()({
  name: 'token_baselines.insert',
  table: 'token_baselines',
  columns: TOKEN_BASELINE_COLUMNS,
  // The baseline store's batch writer retries whole batches.
  retry: 'caller',
});

/**
 * Writes baselines. The version is the token's last event time, so when two scorers race (one lost
 * the partition, the other already went on) the state that saw more of the token's events wins; on a
 * tie the later insert wins.
 */
export async function insertTokenBaselines(ch: ClickHouse, records: readonly TokenBaselineRecord[]): Promise<void> {
  if (records.length === 0) return;
  const latest = new Map<string, TokenBaselineRecord>();
  for (const r of records) latest.set(r.fp, r);
  const rows = [...latest.values()].map((r): TokenBaselineRow => ({
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
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) unwrap(await runQuery(ch, INSERT_BASELINES, { rows: part }));
}

const LOAD_STATES = defineSelect({
  name: 'token_baselines.load_states',
  sql: `SELECT token_fp, state
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp IN {fps:Array(String)}`,
  params: z.object({ fps: chStrings }),
  row: z.object({ token_fp: z.string(), state: z.string() }),
});

/** The latest snapshot JSON of each of these tokens that has one (fp -> state). */
export async function loadTokenBaselineStates(ch: ClickHouse, fps: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunk([...fps], 5_000)) {
    for (const row of unwrap(await runQuery(ch, LOAD_STATES, { fps: part }))) out.set(row.token_fp, row.state);
  }
  return out;
}

const COUNT_BASELINES = defineSelect({
  name: 'token_baselines.count',
  sql: `SELECT count() AS c, countIf(learning = 'active') AS active
FROM {db:Identifier}.token_baselines FINAL`,
  params: z.object({}),
  row: z.object({ c: chNumber, active: chNumber }),
});

export async function countTokenBaselines(ch: ClickHouse): Promise<{ tokens: number; active: number }> {
  const [row] = unwrap(await runQuery(ch, COUNT_BASELINES, {}));
  return { tokens: row?.c ?? 0, active: row?.active ?? 0 };
}

export interface TokenMinuteRollup {
  minute: number;
  requests: number;
  errors: number;
  bytes: number;
  countries: string[];
  routes: string[];
}

const MINUTE_ROLLUPS = defineSelect({
  name: 'token_minute_rollups.by_token',
  sql: `SELECT toUnixTimestamp(minute) * 1000 AS minute_ms,
       uniqExactMerge(requests) AS requests, uniqExactIfMerge(errors) AS errors, sumMerge(bytes) AS bytes,
       groupUniqArrayIfMerge(64)(countries) AS countries, groupUniqArrayIfMerge(256)(routes) AS routes
FROM {db:Identifier}.token_minute_rollups
WHERE token_fp = {fp:String} AND minute >= toDateTime(intDiv({from:Int64}, 1000)) AND minute < toDateTime(intDiv({to:Int64}, 1000))
GROUP BY minute
ORDER BY minute`,
  params: z.object({ fp: z.string(), from: chEpochMs, to: chEpochMs }),
  row: z
    .object({ minute_ms: chNumber, requests: chNumber, errors: chNumber, bytes: chNumber, countries: chStrings, routes: chStrings })
    .transform((r): TokenMinuteRollup => ({
      minute: r.minute_ms,
      requests: r.requests,
      errors: r.errors,
      bytes: r.bytes,
      countries: [...r.countries].sort(),
      routes: [...r.routes].sort(),
    })),
});

/** One token's per-minute rollups in [from, to) (epoch ms), oldest first. */
export async function getTokenMinuteRollups(ch: ClickHouse, fp: string, from: number, to: number): Promise<TokenMinuteRollup[]> {
  return unwrap(await runQuery(ch, MINUTE_ROLLUPS, { fp, from, to }));
}

const HISTORY_PAGE = defineSelect({
  name: 'access_events.history_page',
  sql: `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) AND ts < fromUnixTimestamp64Milli({until:Int64})
  AND (toUnixTimestamp64Milli(ts), id) > ({afterTs:Int64}, {afterId:String})
ORDER BY ts, id
LIMIT {limit:UInt32}`,
  params: z.object({ since: chEpochMs, until: chEpochMs, afterTs: chEpochMs, afterId: z.string(), limit: chUInt32 }),
  row: AccessEventSelectRow,
});

/**
 * Stored events with since <= ts < until in event-time order (ties by id), one page at a time, so a
 * long history never sits in memory at once. Each event is stored once (FINAL).
 */
export async function* readAccessEventHistory(ch: ClickHouse, opts: { since: number; until: number; pageSize?: number }): AsyncGenerator<AccessEvent[]> {
  const limit = opts.pageSize ?? 20_000;
  let afterTs = opts.since - 1;
  let afterId = '';
  for (;;) {
    const page = unwrap(await runQuery(ch, HISTORY_PAGE, { since: opts.since, until: opts.until, afterTs, afterId, limit }));
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

const BASELINE_SUMMARY = defineSelect({
  name: 'token_baselines.summary',
  sql: `SELECT learning, events, toUnixTimestamp64Milli(last_seen) AS last_seen_ms, hourly_rate,
       JSONExtractFloat(state, 'state', 'phi') AS phi
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp = {fp:String}`,
  params: z.object({ fp: z.string() }),
  row: z
    .object({ learning: z.string(), events: chNumber, last_seen_ms: chNumber, hourly_rate: chNumbers, phi: chNumber })
    .transform((r): TokenBaselineSummary => ({
      learning: r.learning,
      events: r.events,
      lastSeen: r.last_seen_ms,
      hourlyRate: r.hourly_rate,
      dispersion: r.phi,
    })),
});

export async function getTokenBaselineSummary(ch: ClickHouse, fp: string): Promise<TokenBaselineSummary | undefined> {
  const [summary] = unwrap(await runQuery(ch, BASELINE_SUMMARY, { fp }));
  return summary;
}
