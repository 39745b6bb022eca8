import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineInsert, defineSelect, runQuery, unwrap } from './query';
import { chLimit, chNumber } from './query/row-values';

/** One triage action on an alert (table alert_triage, append-only); recorded_at in epoch ms. */
export interface AlertTriageRow {
  alert_id: string;
  token_fp: string;
  /** ack | resolve | false_positive */
  action: string;
  reason: string;
  actor_role: string;
  actor_name: string;
  recorded_at: number;
}

export const ALERT_TRIAGE_COLUMNS = ['alert_id', 'token_fp', 'action', 'reason', 'actor_role', 'actor_name', 'recorded_at'] as const;

const INSERT_TRIAGE = defineInsert<AlertTriageRow>()({ name: 'alert_triage.insert', table: 'alert_triage', columns: ALERT_TRIAGE_COLUMNS });

export async function insertAlertTriage(ch: ClickHouse, row: AlertTriageRow): Promise<void> {
  unwrap(await runQuery(ch, INSERT_TRIAGE, { rows: [row] }));
}

const TriageRow = z
  .object({
    alert_id: z.string(),
    token_fp: z.string(),
    action: z.string(),
    reason: z.string(),
    actor_role: z.string(),
    actor_name: z.string(),
    recorded_at_ms: chNumber,
  })
  .transform(({ recorded_at_ms, ...rest }): AlertTriageRow => ({ ...rest, recorded_at: recorded_at_ms }));

const HISTORY = defineSelect({
  name: 'alert_triage.history',
  sql: `SELECT alert_id, token_fp, action, reason, actor_role, actor_name, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms
FROM {db:Identifier}.alert_triage
WHERE alert_id = {id:String}
ORDER BY recorded_at DESC
LIMIT {limit:UInt32}`,
  params: z.object({ id: z.string(), limit: chLimit }),
  row: TriageRow,
});

const LATEST_FOR_IDS = defineSelect({
  name: 'alert_triage.latest',
  sql: `SELECT alert_id, argMax(action, recorded_at) AS action, argMax(reason, recorded_at) AS reason,
       argMax(actor_role, recorded_at) AS actor_role, argMax(actor_name, recorded_at) AS actor_name,
       any(token_fp) AS token_fp, toUnixTimestamp64Milli(max(recorded_at)) AS recorded_at_ms
FROM {db:Identifier}.alert_triage
WHERE has({ids:Array(String)}, alert_id)
GROUP BY alert_id`,
  params: z.object({ ids: z.array(z.string()) }),
  row: TriageRow,
});

/** Every triage action on one alert, newest first. */
export async function listAlertTriage(ch: ClickHouse, alertId: string, limit = 100): Promise<AlertTriageRow[]> {
  return unwrap(await runQuery(ch, HISTORY, { id: alertId, limit: assertLimit(limit) }));
}

/** The latest triage action of each given alert (alerts never triaged are absent). */
export async function latestAlertTriage(ch: ClickHouse, alertIds: readonly string[]): Promise<Map<string, AlertTriageRow>> {
  const out = new Map<string, AlertTriageRow>();
  if (alertIds.length === 0) return out;
  for (const row of unwrap(await runQuery(ch, LATEST_FOR_IDS, { ids: [...alertIds] }))) out.set(row.alert_id, row);
  return out;
}
