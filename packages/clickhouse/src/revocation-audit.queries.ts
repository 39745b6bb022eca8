import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineNewestRowsListing } from './newest-rows.listing';
import { defineInsert, defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chLimit, chNullableString, chNumber, chStrings } from './query/row-values';
import { chunk, INSERT_CHUNK_ROWS } from './values.util';

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

export const REVOCATION_AUDIT_COLUMNS = [
  'decision_id',
  'alert_id',
  'token_fp',
  'token_hint',
  'consumer',
  'mode',
  'verdict',
  'reason',
  'revoker',
  'action',
  'outcome',
  'detail',
  'severity',
  'score',
  'alert_ts',
  'recorded_at',
] as const;

const INSERT_AUDIT = defineInsert<RevocationAuditRow>()({ name: 'revocation_audit.insert', table: 'revocation_audit', columns: REVOCATION_AUDIT_COLUMNS });

/** Appends audit rows; rows are never updated. */
export async function insertRevocationAudit(ch: ClickHouse, rows: readonly RevocationAuditRow[]): Promise<void> {
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) unwrap(await runQuery(ch, INSERT_AUDIT, { rows: part }));
}

const AUDIT_SELECT = `decision_id, alert_id, token_fp, token_hint, consumer, mode, verdict, reason, revoker, action, outcome, detail,
       severity, score, toUnixTimestamp64Milli(alert_ts) AS alert_ts_ms, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms`;

const AuditRow = z
  .object({
    decision_id: z.string(),
    alert_id: z.string(),
    token_fp: z.string(),
    token_hint: chNullableString,
    consumer: chNullableString,
    mode: z.string(),
    verdict: z.string(),
    reason: z.string(),
    revoker: z.string(),
    action: z.string(),
    outcome: z.string(),
    detail: z.string(),
    severity: z.string(),
    score: chNumber,
    alert_ts_ms: chNumber,
    recorded_at_ms: chNumber,
  })
  .transform(({ alert_ts_ms, recorded_at_ms, ...rest }): RevocationAuditRow => ({ ...rest, alert_ts: alert_ts_ms, recorded_at: recorded_at_ms }));

const LATEST_BY_DECISION = defineSelect({
  name: 'revocation_audit.latest_by_decision',
  sql: `SELECT ${AUDIT_SELECT}
FROM {db:Identifier}.revocation_audit
WHERE decision_id IN {ids:Array(String)}
ORDER BY decision_id ASC, recorded_at DESC
LIMIT 1 BY decision_id`,
  params: z.object({ ids: chStrings }),
  row: AuditRow,
});

const listNewestAudit = defineNewestRowsListing({
  table: 'revocation_audit',
  final: false,
  select: AUDIT_SELECT,
  orderBy: 'recorded_at DESC, decision_id ASC',
  row: AuditRow,
});

const COUNT_REVOCATION_ACTIONS = defineSelect({
  name: 'revocation_audit.count_actions',
  sql: `SELECT count(DISTINCT decision_id) AS c
FROM {db:Identifier}.revocation_audit
WHERE verdict = 'revoke' AND mode = {mode:String} AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})`,
  params: z.object({ mode: z.string(), since: chEpochMs }),
  row: z.object({ c: chNumber }),
});

const REVOKED_TOKENS = defineSelect({
  name: 'revocation_audit.revoked_tokens',
  sql: `SELECT DISTINCT token_fp
FROM {db:Identifier}.revocation_audit
WHERE outcome = 'revoked' AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})`,
  params: z.object({ since: chEpochMs }),
  row: z.object({ token_fp: z.string() }),
});

/** The latest step of each given decision; decisions without rows are absent from the map. */
export async function getLatestRevocationSteps(ch: ClickHouse, decisionIds: readonly string[]): Promise<Map<string, RevocationAuditRow>> {
  const out = new Map<string, RevocationAuditRow>();
  for (const ids of chunk([...new Set(decisionIds)], 1_000)) {
    for (const row of unwrap(await runQuery(ch, LATEST_BY_DECISION, { ids }))) out.set(row.decision_id, row);
  }
  return out;
}

/** Audit rows, newest first, optionally of one token. */
export async function listRevocationAudit(ch: ClickHouse, opts: { tokenFp?: string; limit: number }): Promise<RevocationAuditRow[]> {
  return listNewestAudit(ch, opts);
}

/** Decisions with verdict revoke (done or, in log mode, would-be) in a mode since a time; seeds the hourly limit. */
export async function countRevocationActions(ch: ClickHouse, mode: string, sinceMs: number): Promise<number> {
  const [row] = unwrap(await runQuery(ch, COUNT_REVOCATION_ACTIONS, { mode, since: Math.trunc(sinceMs) }));
  return row?.c ?? 0;
}

/** Fingerprints of tokens revoked since a time; seeds the inhibition of their alerts. */
export async function listRevokedTokens(ch: ClickHouse, sinceMs: number): Promise<string[]> {
  return unwrap(await runQuery(ch, REVOKED_TOKENS, { since: Math.trunc(sinceMs) })).map((r) => r.token_fp);
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

export const NOTIFICATION_DELIVERY_COLUMNS = ['alert_id', 'channel', 'state', 'token_fp', 'route', 'outcome', 'alert', 'recorded_at'] as const;

const UPSERT_DELIVERIES = defineInsert<NotificationDeliveryRow>()({
  name: 'notification_deliveries.upsert',
  table: 'notification_deliveries',
  columns: NOTIFICATION_DELIVERY_COLUMNS,
});

const DELIVERY_SELECT = `alert_id, channel, state, token_fp, route, outcome, alert, toUnixTimestamp64Milli(recorded_at) AS recorded_at_ms`;

const DeliveryRow = z
  .object({
    alert_id: z.string(),
    channel: z.string(),
    state: z.string(),
    token_fp: z.string(),
    route: z.string(),
    outcome: z.string(),
    alert: z.string(),
    recorded_at_ms: chNumber,
  })
  .transform(({ recorded_at_ms, ...rest }): NotificationDeliveryRow => ({ ...rest, recorded_at: recorded_at_ms }));

const DELIVERIES_BY_ALERT = defineSelect({
  name: 'notification_deliveries.by_alert',
  sql: `SELECT ${DELIVERY_SELECT}
FROM {db:Identifier}.notification_deliveries FINAL
WHERE alert_id IN {ids:Array(String)}`,
  params: z.object({ ids: chStrings }),
  row: DeliveryRow,
});

const PENDING_DELIVERIES = defineSelect({
  name: 'notification_deliveries.pending',
  sql: `SELECT ${DELIVERY_SELECT}
FROM {db:Identifier}.notification_deliveries FINAL
WHERE outcome = 'pending' AND recorded_at >= fromUnixTimestamp64Milli({since:Int64})
ORDER BY recorded_at ASC
LIMIT {limit:UInt32}`,
  params: z.object({ since: chEpochMs, limit: chLimit }),
  row: DeliveryRow,
});

/** Records ledger rows; for one (alert, channel, state) the row with the latest recorded_at wins. */
export async function upsertNotificationDeliveries(ch: ClickHouse, rows: readonly NotificationDeliveryRow[]): Promise<void> {
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) unwrap(await runQuery(ch, UPSERT_DELIVERIES, { rows: part }));
}

/** The latest ledger rows of the given alerts (every channel and state). */
export async function getNotificationDeliveries(ch: ClickHouse, alertIds: readonly string[]): Promise<NotificationDeliveryRow[]> {
  const out: NotificationDeliveryRow[] = [];
  for (const ids of chunk([...new Set(alertIds)], 1_000)) out.push(...unwrap(await runQuery(ch, DELIVERIES_BY_ALERT, { ids })));
  return out;
}

/** Ledger rows still pending (grouped, not sent yet), oldest first. */
export async function listPendingNotificationDeliveries(ch: ClickHouse, sinceMs: number, limit = 10_000): Promise<NotificationDeliveryRow[]> {
  return unwrap(await runQuery(ch, PENDING_DELIVERIES, { since: Math.trunc(sinceMs), limit: assertLimit(limit) }));
}

const TOKEN_IDENTITY = defineSelect({
  name: 'access_events.token_identity',
  sql: `SELECT token_kind, token_hint, consumer
FROM {db:Identifier}.access_events
WHERE token_fp = {fp:String}
ORDER BY ts DESC
LIMIT 1`,
  params: z.object({ fp: z.string() }),
  row: z
    .object({ token_kind: z.string(), token_hint: chNullableString, consumer: chNullableString })
    .transform((r) => ({ kind: r.token_kind, hint: r.token_hint, consumer: r.consumer })),
});

/** How the gateway last identified a token (kind, hint, consumer), from its latest access event. */
export async function getTokenIdentity(ch: ClickHouse, fp: string): Promise<{ kind: string; hint: string | null; consumer: string | null } | undefined> {
  const [identity] = unwrap(await runQuery(ch, TOKEN_IDENTITY, { fp }));
  return identity;
}
