import type { AccessEvent, Alert } from '@tokenwatch/contracts';
import { z } from 'zod';
import { ACCESS_EVENT_SELECT, AccessEventSelectRow, assertLimit } from './access-events.queries';
import { ALERT_SELECT, AlertSelectRow, fromAlertRow } from './alerts.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chLimit } from './query/row-values';

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

/** The filters of an AlertSearch over alert rows with `ts_ms` (parameters: AlertFilterParams). */
export const ALERT_FILTERS = `(length({severities:Array(String)}) = 0 OR has({severities:Array(String)}, severity))
  AND (length({states:Array(String)}) = 0 OR has({states:Array(String)}, state))
  AND ({signal:String} = '' OR has(arrayMap(s -> JSONExtractString(s, 'type'), JSONExtractArrayRaw(signals)), {signal:String}))
  AND ({fp:String} = '' OR token_fp = {fp:String})
  AND ts_ms >= {from:Int64} AND ts_ms < {to:Int64}`;

/** The parameters of ALERT_FILTERS. */
export const AlertFilterParams = z.object({
  severities: z.array(z.string()),
  states: z.array(z.string()),
  signal: z.string(),
  fp: z.string(),
  from: chEpochMs,
  to: chEpochMs,
});

export function alertFilterParams(q: Omit<AlertSearch, 'limit' | 'after'>): z.input<typeof AlertFilterParams> {
  return {
    severities: [...(q.severities ?? [])],
    states: [...(q.states ?? [])],
    signal: q.signal ?? '',
    fp: q.tokenFp ?? '',
    from: q.from ?? 0,
    to: q.to ?? Number.MAX_SAFE_INTEGER,
  };
}

const AlertRow = AlertSelectRow.transform(fromAlertRow);

const SEARCH_ALERTS = defineSelect({
  name: 'alerts.search',
  sql: `SELECT * FROM (
  SELECT ${ALERT_SELECT}
  FROM {db:Identifier}.alerts FINAL
)
WHERE ${ALERT_FILTERS}
  AND ({afterId:String} = '' OR ts_ms < {afterTs:Int64} OR (ts_ms = {afterTs:Int64} AND id > {afterId:String}))
ORDER BY ts_ms DESC, id ASC
LIMIT {limit:UInt32}`,
  params: AlertFilterParams.extend({ afterId: z.string(), afterTs: chEpochMs, limit: chLimit }),
  row: AlertRow,
});

/** Latest state of alerts matching every given filter, newest detection first, keyset-paginated. */
export async function searchAlerts(ch: ClickHouse, q: AlertSearch): Promise<Alert[]> {
  const params = { ...alertFilterParams(q), afterId: q.after?.id ?? '', afterTs: q.after?.ts ?? 0, limit: assertLimit(q.limit) };
  return unwrap(await runQuery(ch, SEARCH_ALERTS, params));
}

const ALERT_BY_ID = defineSelect({
  name: 'alerts.by_id',
  sql: `SELECT ${ALERT_SELECT}
FROM {db:Identifier}.alerts FINAL
WHERE id = {id:String}
LIMIT 1`,
  params: z.object({ id: z.string() }),
  row: AlertRow,
});

/** The latest state of one alert, or null. */
export async function getAlertById(ch: ClickHouse, id: string): Promise<Alert | null> {
  const [alert] = unwrap(await runQuery(ch, ALERT_BY_ID, { id }));
  return alert ?? null;
}

const EVENTS_IN_WINDOW = defineSelect({
  name: 'access_events.token_window',
  sql: `SELECT ${ACCESS_EVENT_SELECT}
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
ORDER BY ts DESC, id DESC
LIMIT {limit:UInt32}`,
  params: z.object({ fp: z.string(), from: chEpochMs, to: chEpochMs, limit: chLimit }),
  row: AccessEventSelectRow,
});

/** Events of one token within [from, to] (epoch ms), newest first: the evidence of an alert. */
export async function getTokenEventsInWindow(ch: ClickHouse, fp: string, window: { from: number; to: number }, limit: number): Promise<AccessEvent[]> {
  return unwrap(await runQuery(ch, EVENTS_IN_WINDOW, { fp, from: window.from, to: window.to, limit: assertLimit(limit) }));
}
