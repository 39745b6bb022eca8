import type { z } from 'zod';
import type { AlertSearch } from '@tokenwatch/clickhouse';
import { AlertState, Severity, SignalType } from '@tokenwatch/contracts';
import { csvOf, Fingerprint, Time } from './params';

/** Query fields that filter alerts, shared by /api/alerts and /api/queue. */
export const ALERT_FILTER_FIELDS = {
  severity: csvOf(Severity.options).optional(),
  state: csvOf(AlertState.options).optional(),
  signal: SignalType.optional(),
  token: Fingerprint.optional(),
  from: Time.optional(),
  to: Time.optional(),
};
type AlertFilters = z.infer<z.ZodObject<typeof ALERT_FILTER_FIELDS>>;

/** The validated filter fields as a search for the alert queries (unset ones left out). */
export function alertSearchOf(q: AlertFilters): Omit<AlertSearch, 'limit' | 'after'> {
  return {
    ...(q.severity ? { severities: q.severity } : {}),
    ...(q.state ? { states: q.state } : {}),
    ...(q.signal ? { signal: q.signal } : {}),
    ...(q.token ? { tokenFp: q.token } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  };
}
