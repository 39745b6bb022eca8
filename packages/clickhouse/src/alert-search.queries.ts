import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { ACCESS_EVENT_SELECT, assertLimit, fromAccessEventRow } from './access-events.queries';
import { fromAlertRow } from './alerts.queries';
import type { ClickHouse } from './clickhouse.client';

export interface AlertSearch {
  severities?: readonly string[];
  states?: readonly string[];
  /** A signal type the alert must carry, e.g. `volume_spike`. */
  signal?: string;
  tokenFp?: string;
  /** Detection time range, epoch ms (inclusive from, exclusive to). */
  from?: number;
  to?: number;
  /** Keyset cursor: the (ts, id) of the last alert of the previous page. */
  after?: { ts: number; id: string };
  /** 1..100 000 */
  limit: number;
}

/** The filters of an AlertSearch over alert rows with `ts_ms` (parameters: see alertFilterParams). */
export const ALERT_FILTERS = `(length({severities:Array(String)}) = 0 OR has({severities:Array(String)}, severity))
  AND (length({states:Array(String)}) = 0 OR has({states:Array(String)}, state))
  AND ({signal:String} = '' OR has(arrayMap(s -> JSONExtractString(s, 'type'), JSONExtractArrayRaw(signals)), {signal:String}))
  AND ({fp:String} = '' OR token_fp = {fp:String})
  AND ts_ms >= {from:Int64} AND ts_ms < {to:Int64}`;

export function alertFilterParams(q: Omit<AlertSearch, 'limit' | 'after'>) {
  return {
    severities: [...(q.severities ?? [])],
    states: [...(q.states ?? [])],
    signal: q.signal ?? '',
    fp: q.tokenFp ?? '',
    from: q.from ?? 0,
    to: q.to ?? Number.MAX_SAFE_INTEGER,
  };
}

export const ALERT_COLUMNS = `id, toUnixTimestamp64Milli(ts) AS ts_ms, token_fp, token_hint, severity, score, signals, summary,
       toUnixTimestamp64Milli(window_start) AS window_start_ms, toUnixTimestamp64Milli(window_end) AS window_end_ms, state`;

const SEARCH_ALERTS = `SELECT * FROM (
  SELECT ${ALERT_COLUMNS}
  FROM {db:Identifier}.alerts FINAL
)
WHERE ${ALERT_FILTERS}
  AND ({afterId:String} = '' OR ts_ms < {afterTs:Int64} OR (ts_ms = {afterTs:Int64} AND id > {afterId:String}))
ORDER BY ts_ms DESC, id ASC
LIMIT {limit:UInt32}`;

/** Latest state of alerts matching every given filter, newest detection first, keyset-paginated. */
export async function searchAlerts(ch: ClickHouse, q: AlertSearch): Promise<Alert[]> {
  const rs = await ch.client.query({
    query: SEARCH_ALERTS,
    query_params: {
      db: ch.database,
      ...alertFilterParams(q),
      afterId: q.after?.id ?? '',
      afterTs: q.after?.ts ?? 0,
      limit: assertLimit(q.limit),
    },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromAlertRow);
}

const ALERT_BY_ID = `SELECT ${ALERT_COLUMNS}
FROM {db:Identifier}.alerts FINAL
WHERE id = {id:String}
LIMIT 1`;

/** The latest state of one alert, or null. */
export async function getAlertById(ch: ClickHouse, id: string): Promise<Alert | null> {
  const rs = await ch.client.query({ query: ALERT_BY_ID, query_params: { db: ch.database, id }, format: 'JSONEachRow' });
  const rows = await rs.json<Record<string, unknown>>();
  return rows[0] ? fromAlertRow(rows[0]) : null;
}

const EVENTS_IN_WINDOW = `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
ORDER BY ts DESC, id DESC
LIMIT {limit:UInt32}`;

/** Events of one token within [from, to] (epoch ms), newest first: the evidence of an alert. */
export async function getTokenEventsInWindow(
  ch: ClickHouse,
  fp: string,
  window: { from: number; to: number },
  limit: number,
): Promise<AccessEvent[]> {
  const rs = await ch.client.query({
    query: EVENTS_IN_WINDOW,
    query_params: { db: ch.database, fp, from: window.from, to: window.to, limit: assertLimit(limit) },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromAccessEventRow);
}
