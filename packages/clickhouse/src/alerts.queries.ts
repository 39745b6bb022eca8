import { Alert } from '@tokenwatch/contracts';
import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineNewestRowsListing } from './newest-rows.listing';
import { defineInsert, runQuery, unwrap } from './query';
import { chNullableString, chNumber } from './query/row-values';
import { chunk, INSERT_CHUNK_ROWS, toNumber } from './values.util';

/** One alerts row; times in epoch ms, signals as a JSON string. */
export interface AlertRow {
  id: string;
  ts: number;
  token_fp: string;
  token_hint: string | null;
  severity: string;
  score: number;
  signals: string;
  summary: string;
  window_start: number;
  window_end: number;
  state: string;
  updated_at: number;
}

export function toAlertRow(a: Alert, updatedAt: number): AlertRow {
  return {
    id: a.id,
    ts: a.ts,
    token_fp: a.token.fp,
    token_hint: a.token.hint,
    severity: a.severity,
    score: a.score,
    signals: JSON.stringify(a.signals),
    summary: a.summary,
    window_start: a.window.start,
    window_end: a.window.end,
    state: a.state,
    updated_at: updatedAt,
  };
}

/** Rebuilds and validates Alert v1; a row that does not validate is an error naming the alert id. */
export function fromAlertRow(row: Record<string, unknown>): Alert {
  const parsed = Alert.safeParse({
    id: row.id,
    ts: toNumber(row.ts_ms),
    token: { fp: row.token_fp, hint: row.token_hint ?? null },
    severity: row.severity,
    score: toNumber(row.score),
    signals: JSON.parse(String(row.signals)),
    summary: row.summary,
    window: { start: toNumber(row.window_start_ms), end: toNumber(row.window_end_ms) },
    state: row.state,
  });
  if (!parsed.success) {
    throw new TypeError(`alerts row ${String(row.id)} is not a valid Alert v1: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

let lastVersion = 0;

/** A write version that never repeats or goes back within this process (ms since epoch). */
function nextVersion(): number {
  lastVersion = Math.max(Date.now(), lastVersion + 1);
  return lastVersion;
}

/**
 * Writes alerts (new ones and state changes of known ids). Each call gets a fresh `updated_at`
 * version, so a later write of the same id wins; within one call the last occurrence of an id wins.
 */
export async function insertAlerts(ch: ClickHouse, alerts: readonly Alert[]): Promise<void> {
  if (alerts.length === 0) return;
  const latest = new Map<string, Alert>();
  for (const alert of alerts) {
    latest.delete(alert.id);
    latest.set(alert.id, alert);
  }
  const version = nextVersion();
  const rows = [...latest.values()].map((a) => toAlertRow(a, version));
  for (const part of chunk(rows, INSERT_CHUNK_ROWS)) unwrap(await runQuery(ch, INSERT_ALERTS, { rows: part }));
}

/** The alerts columns, in the order an insert writes them. */
export const ALERT_COLUMNS = [
  'id',
  'ts',
  'token_fp',
  'token_hint',
  'severity',
  'score',
  'signals',
  'summary',
  'window_start',
  'window_end',
  'state',
  'updated_at',
] as const;

const INSERT_ALERTS = defineInsert<AlertRow>()({
  name: 'alerts.insert',
  table: 'alerts',
  columns: ALERT_COLUMNS,
  // The score consumer's batch writer retries whole batches.
  retry: 'caller',
});

/** The alerts columns fromAlertRow reads, for every query that returns whole alerts. */
export const ALERT_SELECT = `id, toUnixTimestamp64Milli(ts) AS ts_ms, token_fp, token_hint, severity, score, signals, summary,
       toUnixTimestamp64Milli(window_start) AS window_start_ms, toUnixTimestamp64Milli(window_end) AS window_end_ms, state`;

/** A row of ALERT_SELECT (the fields Alert v1 needs; the contract checks the values). */
export const AlertSelectRow = z.object({
  id: z.string(),
  ts_ms: chNumber,
  token_fp: z.string(),
  token_hint: chNullableString,
  severity: z.string(),
  score: chNumber,
  signals: z.string(),
  summary: z.string(),
  window_start_ms: chNumber,
  window_end_ms: chNumber,
  state: z.string(),
});

const listNewestAlerts = defineNewestRowsListing({
  table: 'alerts',
  final: true,
  select: ALERT_SELECT,
  orderBy: 'ts DESC, id ASC',
  row: AlertSelectRow.transform(fromAlertRow),
});

export interface ListAlertsOptions {
  tokenFp?: string;
  /** 1..100 000 */
  limit: number;
}

/** Latest state of each alert, newest detection first, optionally for one token. */
export async function listAlerts(ch: ClickHouse, opts: ListAlertsOptions): Promise<Alert[]> {
  return listNewestAlerts(ch, opts);
}
