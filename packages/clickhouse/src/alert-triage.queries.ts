import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

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

export async function insertAlertTriage(ch: ClickHouse, row: AlertTriageRow): Promise<void> {
  await ch.client.insert({ table: `${ch.database}.alert_triage`, values: [row], format: 'JSONEachRow' });
}

const TRIAGE_COLUMNS = `alert_id, token_fp, action, reason, actor_role, actor_name, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms`;

const HISTORY = `SELECT ${TRIAGE_COLUMNS}
FROM {db:Identifier}.alert_triage
WHERE alert_id = {id:String}
ORDER BY recorded_at DESC
LIMIT {limit:UInt32}`;

const LATEST_FOR_IDS = `SELECT alert_id, argMax(action, recorded_at) AS action, argMax(reason, recorded_at) AS reason,
       argMax(actor_role, recorded_at) AS actor_role, argMax(actor_name, recorded_at) AS actor_name,
       any(token_fp) AS token_fp, toUnixTimestamp64Milli(max(recorded_at)) AS recorded_at_ms
FROM {db:Identifier}.alert_triage
WHERE has({ids:Array(String)}, alert_id)
GROUP BY alert_id`;

function fromRow(r: Record<string, unknown>): AlertTriageRow {
  return {
    alert_id: String(r.alert_id),
    token_fp: String(r.token_fp),
    action: String(r.action),
    reason: String(r.reason),
    actor_role: String(r.actor_role),
    actor_name: String(r.actor_name),
    recorded_at: toNumber(r.recorded_at_ms),
  };
}

/** Every triage action on one alert, newest first. */
export async function listAlertTriage(ch: ClickHouse, alertId: string, limit = 100): Promise<AlertTriageRow[]> {
  const rs = await ch.client.query({
    query: HISTORY,
    query_params: { db: ch.database, id: alertId, limit: assertLimit(limit) },
    format: 'JSONEachRow',
  });
  return (await rs.json<Record<string, unknown>>()).map(fromRow);
}

/** The latest triage action of each given alert (alerts never triaged are absent). */
export async function latestAlertTriage(ch: ClickHouse, alertIds: readonly string[]): Promise<Map<string, AlertTriageRow>> {
  const out = new Map<string, AlertTriageRow>();
  if (alertIds.length === 0) return out;
  const rs = await ch.client.query({
    query: LATEST_FOR_IDS,
    query_params: { db: ch.database, ids: [...alertIds] },
    format: 'JSONEachRow',
  });
  for (const row of (await rs.json<Record<string, unknown>>()).map(fromRow)) out.set(row.alert_id, row);
  return out;
}
