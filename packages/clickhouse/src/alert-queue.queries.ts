import type { Alert } from '@tokenwatch/contracts';
import { assertLimit } from './access-events.queries';
import { ALERT_COLUMNS, ALERT_FILTERS, alertFilterParams, type AlertSearch } from './alert-search.queries';
import { fromAlertRow } from './alerts.queries';
import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

/** Position in the triage queue: firing before resolved, then critical … low, then newest first. */
export interface QueueCursor {
  rank: number;
  ts: number;
  id: string;
}

export type AlertQueueQuery = Omit<AlertSearch, 'after'> & { after?: QueueCursor };

// rank = 4 × state (firing 0, resolved 1) + severity (critical 0 … low 3): one key orders the queue.
const QUEUE_ROWS = `SELECT ${ALERT_COLUMNS},
       4 * if(state = 'firing', 0, 1) + indexOf(['critical', 'high', 'medium', 'low'], severity) - 1 AS rank
FROM {db:Identifier}.alerts FINAL`;

const QUEUE = `SELECT * FROM (${QUEUE_ROWS})
WHERE ${ALERT_FILTERS}
  AND ({afterId:String} = '' OR rank > {afterRank:Int64}
       OR (rank = {afterRank:Int64} AND (ts_ms < {afterTs:Int64} OR (ts_ms = {afterTs:Int64} AND id > {afterId:String}))))
ORDER BY rank ASC, ts_ms DESC, id ASC
LIMIT {limit:UInt32}`;

const COUNT = `SELECT count() AS n FROM (${QUEUE_ROWS}) WHERE ${ALERT_FILTERS}`;

/**
 * One page of the triage queue over every alert matching the filters (latest state of each):
 * firing before resolved, then by severity, newest first; keyset-paginated by (rank, ts, id).
 */
export async function alertQueuePage(ch: ClickHouse, q: AlertQueueQuery): Promise<Array<Alert & { rank: number }>> {
  const rs = await ch.client.query({
    query: QUEUE,
    query_params: { db: ch.database, ...alertFilterParams(q), afterId: q.after?.id ?? '', afterTs: q.after?.ts ?? 0, afterRank: q.after?.rank ?? 0, limit: assertLimit(q.limit) },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map((row) => ({ ...fromAlertRow(row), rank: toNumber(row.rank) }));
}

/** How many alerts match the queue's filters. */
export async function countAlertQueue(ch: ClickHouse, q: Omit<AlertQueueQuery, 'limit' | 'after'>): Promise<number> {
  const rs = await ch.client.query({ query: COUNT, query_params: { db: ch.database, ...alertFilterParams(q) }, format: 'JSONEachRow' });
  const rows = await rs.json<{ n: unknown }>();
  return toNumber(rows[0]?.n ?? 0);
}
