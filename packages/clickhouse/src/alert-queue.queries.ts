import type { Alert } from '@tokenwatch/contracts';
import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import { ALERT_FILTERS, AlertFilterParams, alertFilterParams, type AlertSearch } from './alert-search.queries';
import { ALERT_SELECT, AlertSelectRow, fromAlertRow } from './alerts.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chLimit, chNumber } from './query/row-values';

/** Position in the triage queue: firing before resolved, then critical … low, then newest first. */
export interface QueueCursor {
  rank: number;
  ts: number;
  id: string;
}

export type AlertQueueQuery = Omit<AlertSearch, 'after'> & { after?: QueueCursor };

// rank = 4 × state (firing 0, resolved 1) + severity (critical 0 … low 3): one key orders the queue.
const QUEUE_ROWS = `SELECT ${ALERT_SELECT},
       4 * if(state = 'firing', 0, 1) + indexOf(['critical', 'high', 'medium', 'low'], severity) - 1 AS rank
FROM {db:Identifier}.alerts FINAL`;

const QUEUE = defineSelect({
  name: 'alerts.queue_page',
  sql: `SELECT * FROM (${QUEUE_ROWS})
WHERE ${ALERT_FILTERS}
  AND ({afterId:String} = '' OR rank > {afterRank:Int64}
       OR (rank = {afterRank:Int64} AND (ts_ms < {afterTs:Int64} OR (ts_ms = {afterTs:Int64} AND id > {afterId:String}))))
ORDER BY rank ASC, ts_ms DESC, id ASC
LIMIT {limit:UInt32}`,
  params: AlertFilterParams.extend({ afterId: z.string(), afterTs: chEpochMs, afterRank: z.number().int(), limit: chLimit }),
  row: AlertSelectRow.extend({ rank: chNumber }).transform((row) => ({ ...fromAlertRow(row), rank: row.rank })),
});

const COUNT = defineSelect({
  name: 'alerts.queue_count',
  sql: `SELECT count() AS n FROM (${QUEUE_ROWS}) WHERE ${ALERT_FILTERS}`,
  params: AlertFilterParams,
  row: z.object({ n: chNumber }),
});

/**
 * One page of the triage queue over every alert matching the filters (latest state of each):
 * firing before resolved, then by severity, newest first; keyset-paginated by (rank, ts, id).
 */
export async function alertQueuePage(ch: ClickHouse, q: AlertQueueQuery): Promise<Array<Alert & { rank: number }>> {
  const params = { ...alertFilterParams(q), afterId: q.after?.id ?? '', afterTs: q.after?.ts ?? 0, afterRank: q.after?.rank ?? 0, limit: assertLimit(q.limit) };
  return unwrap(await runQuery(ch, QUEUE, params));
}

/** How many alerts match the queue's filters. */
export async function countAlertQueue(ch: ClickHouse, q: Omit<AlertQueueQuery, 'limit' | 'after'>): Promise<number> {
  const [row] = unwrap(await runQuery(ch, COUNT, alertFilterParams(q)));
  return row?.n ?? 0;
}
