import { Alert, AlertState } from '@tokenwatch/contracts';
import {
  getNotificationDeliveries,
  listPendingNotificationDeliveries,
  upsertNotificationDeliveries,
  type ClickHouse,
  type NotificationDeliveryRow,
} from '@tokenwatch/clickhouse';
import { TRANSPORT_NAMES, type TransportName } from '../notifier.types';
import type { LedgerBackend, LedgerEntry, LedgerOutcome } from './delivery.ledger';

const OUTCOMES: readonly LedgerOutcome[] = ['sent', 'pending', 'grouped', 'suppressed', 'dead_lettered', 'sending', 'in_doubt'];

function toRow(e: LedgerEntry): NotificationDeliveryRow {
  return {
    alert_id: e.alertId,
    channel: e.channel,
    state: e.state,
    token_fp: e.tokenFp,
    route: e.route,
    outcome: e.outcome,
    alert: e.outcome === 'pending' && e.alert ? JSON.stringify(e.alert) : '',
    recorded_at: e.at,
  };
}

function fromRow(row: NotificationDeliveryRow): LedgerEntry | undefined {
  const state = AlertState.safeParse(row.state);
  if (!state.success || !TRANSPORT_NAMES.includes(row.channel as TransportName)) return undefined;
  if (!OUTCOMES.includes(row.outcome as LedgerOutcome)) return undefined;
  const entry: LedgerEntry = {
    alertId: row.alert_id,
    channel: row.channel as TransportName,
    state: state.data,
    tokenFp: row.token_fp,
    route: row.route,
    outcome: row.outcome as LedgerOutcome,
    at: row.recorded_at,
  };
  if (row.alert !== '') {
    const alert = Alert.safeParse(JSON.parse(row.alert));
    if (alert.success) entry.alert = alert.data;
  }
  return entry;
}

/** The ledger in ClickHouse table notification_deliveries (migration 003). */
export function createClickHouseLedgerBackend(ch: ClickHouse): LedgerBackend {
  return {
    load: async (alertIds) => (await getNotificationDeliveries(ch, alertIds)).flatMap((r) => fromRow(r) ?? []),
    save: (entries) => upsertNotificationDeliveries(ch, entries.map(toRow)),
    pending: async (sinceMs) => (await listPendingNotificationDeliveries(ch, sinceMs)).flatMap((r) => fromRow(r) ?? []).filter((e) => e.alert),
  };
}
