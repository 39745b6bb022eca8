import type { ClickHouse } from './clickhouse.client';
import { assertLimit } from './access-events.queries';
import { chunk, INSERT_CHUNK_ROWS, toNumber } from './values.util';

/** One step of a revocation decision (table revocation_audit); times in epoch ms. */
export interface RevocationAuditRow {
  decision_id: string;
  alert_id: string;
  token_fp: string;
  token_hint: string | null;
  consumer: string | null;
  /** disabled | log | enforce */
  mode: string;
  /** revoke | skip */
  verdict: string;
  reason: string;
  revoker: string;
  /** The call made or that would be made, e.g. "DELETE /consumers/acme/key-auth/cred-9". */
  action: string;
  /** skipped | would_revoke | pending | revoked | failed | unknown */
  outcome: string;
  detail: string;
  severity: string;
  score: number;
  alert_ts: number;
  recorded_at: number;
}

/** Appends audit rows; rows are never updated. */
export async function insertRevocationAudit(ch: ClickHouse, rows: readonly RevocationAuditRow[]): Promise<void> {
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) {
    await ch.client.insert({ table: `${ch.database}.revocation_audit`, values: part, format: 'JSONEachRow' });
  }
}

const AUDIT_COLUMNS = `decision_id, alert_id, token_fp, token_hint, consumer, mode, verdict, reason, revoker, action, outcome, detail,
       severity, score, toUnixTimestamp64Milli(alert_ts) AS alert_ts_ms, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms`;

const LATEST_BY_DECISION = `SELECT ${AUDIT_COLUMNS}
FROM {db:Identifier}.revocation_audit
WHERE decision_id IN {ids:Array(String)}
ORDER BY decision_id ASC, recorded_at DESC
LIMIT 1 BY decision_id`;

const AUDIT_LIST = `SELECT ${AUDIT_COLUMNS}
FROM {db:Identifier}.revocation_audit
ORDER BY recorded_at DESC, decision_id ASC
LIMIT {limit:UInt32}`;

const AUDIT_LIST_BY_TOKEN = `SELECT ${AUDIT_COLUMNS}
FROM {db:Identifier}.revocation_audit
WHERE token_fp = {fp:String}
ORDER BY recorded_at DESC, decision_id ASC
LIMIT {limit:UInt32}`;

const COUNT_REVOCATION_ACTIONS = `SELECT count(DISTINCT decision_id) AS c
FROM {db:Identifier}.revocation_audit
WHERE verdict = 'revoke' AND mode = {mode:String} AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})`;

const REVOKED_TOKENS = `SELECT DISTINCT token_fp
FROM {db:Identifier}.revocation_audit
WHERE outcome = 'revoked' AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})`;

function fromAuditRow(row: Record<string, unknown>): RevocationAuditRow {
  return {
    decision_id: String(row.decision_id),
    alert_id: String(row.alert_id),
    token_fp: String(row.token_fp),
    token_hint: row.token_hint === null || row.token_hint === undefined ? null : String(row.token_hint),
    consumer: row.consumer === null || row.consumer === undefined ? null : String(row.consumer),
    mode: String(row.mode),
    verdict: String(row.verdict),
    reason: String(row.reason),
    revoker: String(row.revoker),
    action: String(row.action),
    outcome: String(row.outcome),
    detail: String(row.detail),
    severity: String(row.severity),
    score: toNumber(row.score),
    alert_ts: toNumber(row.alert_ts_ms),
    recorded_at: toNumber(row.recorded_at_ms),
  };
}

async function rowsOf(ch: ClickHouse, query: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const rs = await ch.client.query({ query, query_params: { db: ch.database, ...params }, format: 'JSONEachRow' });
  return rs.json<Record<string, unknown>>();
}

/** The latest step of each given decision; decisions without rows are absent from the map. */
export async function getLatestRevocationSteps(ch: ClickHouse, decisionIds: readonly string[]): Promise<Map<string, RevocationAuditRow>> {
  const out = new Map<string, RevocationAuditRow>();
  for (const ids of chunk([...new Set(decisionIds)], 1_000)) {
    for (const row of await rowsOf(ch, LATEST_BY_DECISION, { ids })) {
      const parsed = fromAuditRow(row);
      out.set(parsed.decision_id, parsed);
    }
  }
  return out;
}

/** Audit rows, newest first, optionally of one token. */
export async function listRevocationAudit(ch: ClickHouse, opts: { tokenFp?: string; limit: number }): Promise<RevocationAuditRow[]> {
  const limit = assertLimit(opts.limit);
  const rows =
    opts.tokenFp === undefined
      ? await rowsOf(ch, AUDIT_LIST, { limit })
      : await rowsOf(ch, AUDIT_LIST_BY_TOKEN, { fp: opts.tokenFp, limit });
  return rows.map(fromAuditRow);
}

/** Decisions with verdict revoke (done or, in log mode, would-be) in a mode since a time; seeds the hourly limit. */
export async function countRevocationActions(ch: ClickHouse, mode: string, sinceMs: number): Promise<number> {
  const rows = await rowsOf(ch, COUNT_REVOCATION_ACTIONS, { mode, since: Math.trunc(sinceMs) });
  return toNumber(rows[0]?.c ?? 0);
}

/** Fingerprints of tokens revoked since a time; seeds the inhibition of their alerts. */
export async function listRevokedTokens(ch: ClickHouse, sinceMs: number): Promise<string[]> {
  const rows = await rowsOf(ch, REVOKED_TOKENS, { since: Math.trunc(sinceMs) });
  return rows.map((r) => String(r.token_fp));
}

/** One delivery-ledger row (table notification_deliveries); times in epoch ms. */
export interface NotificationDeliveryRow {
  alert_id: string;
  channel: string;
  state: string;
  token_fp: string;
  route: string;
  outcome: string;
  /** Alert v1 JSON while pending, else empty. */
  alert: string;
  recorded_at: number;
}

const DELIVERY_COLUMNS = `alert_id, channel, state, token_fp, route, outcome, alert, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms`;

const DELIVERIES_BY_ALERT = `SELECT ${DELIVERY_COLUMNS}
FROM {db:Identifier}.notification_deliveries FINAL
WHERE alert_id IN {ids:Array(String)}`;

const PENDING_DELIVERIES = `SELECT ${DELIVERY_COLUMNS}
FROM {db:Identifier}.notification_deliveries FINAL
WHERE outcome = 'pending' AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})
ORDER BY recorded_at ASC
LIMIT {limit:UInt32}`;

function fromDeliveryRow(row: Record<string, unknown>): NotificationDeliveryRow {
  return {
    alert_id: String(row.alert_id),
    channel: String(row.channel),
    state: String(row.state),
    token_fp: String(row.token_fp),
    route: String(row.route),
    outcome: String(row.outcome),
    alert: String(row.alert),
    recorded_at: toNumber(row.recorded_at_ms),
  };
}

/** Records ledger rows; for one (alert, channel, state) the row with the latest recorded_at wins. */
export async function upsertNotificationDeliveries(ch: ClickHouse, rows: readonly NotificationDeliveryRow[]): Promise<void> {
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) {
    await ch.client.insert({ table: `${ch.database}.notification_deliveries`, values: part, format: 'JSONEachRow' });
  }
}

/** The latest ledger rows of the given alerts (every channel and state). */
export async function getNotificationDeliveries(ch: ClickHouse, alertIds: readonly string[]): Promise<NotificationDeliveryRow[]> {
  const out: NotificationDeliveryRow[] = [];
  for (const ids of chunk([...new Set(alertIds)], 1_000)) out.push(...(await rowsOf(ch, DELIVERIES_BY_ALERT, { ids })).map(fromDeliveryRow));
  return out;
}

/** Ledger rows still pending (grouped, not sent yet), oldest first. */
export async function listPendingNotificationDeliveries(ch: ClickHouse, sinceMs: number, limit = 10_000): Promise<NotificationDeliveryRow[]> {
  const rows = await rowsOf(ch, PENDING_DELIVERIES, { since: Math.trunc(sinceMs), limit: assertLimit(limit) });
  return rows.map(fromDeliveryRow);
}

const TOKEN_IDENTITY = `SELECT token_kind, token_hint, consumer
FROM {db:Identifier}.access_events
WHERE token_fp = {fp:String}
ORDER BY ts DESC
LIMIT 1`;

/** How the gateway last identified a token (kind, hint, consumer), from its latest access event. */
export async function getTokenIdentity(
  ch: ClickHouse,
  fp: string,
): Promise<{ kind: string; hint: string | null; consumer: string | null } | undefined> {
  const [row] = await rowsOf(ch, TOKEN_IDENTITY, { fp });
  if (!row) return undefined;
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return { kind: String(row.token_kind), hint: text(row.token_hint), consumer: text(row.consumer) };
}
