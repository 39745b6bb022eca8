import type { Alert, Severity } from '@tokenwatch/contracts';
import type { Notification } from '../notifier.types';
import { isoTime, shortFp, truncate } from '../util/text';

export const PAGERDUTY_DEFAULT_URL = 'https://events.pagerduty.com/v2/enqueue';
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, detailText: 1000, alertsInDetails: 20 } as const;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export const PAGERDUTY_SEVERITY: Record<Severity, PagerDutySeverity> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info' };

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  client: string;
}

export interface PagerDutyResolve {
  routing_key: string;
  event_action: 'resolve';
  dedup_key: string;
}

/**
 * The dedup_key of a token's alert group: `tokenwatch/<route>/<fp>`. Deterministic (a restart
 * computes the same key), at most 255 chars (route ≤ 63, fp ≤ 64). Triggers with the same key while
 * the PagerDuty alert is open update it; after a resolve, the next trigger opens a new alert.
 */
export function dedupKey(route: string, fp: string): string {
  return `tokenwatch/${route}/${fp}`.slice(0, PAGERDUTY_LIMITS.dedupKey);
}

function alertDetails(a: Alert): Record<string, unknown> {
  return {
    id: a.id,
    time: isoTime(a.ts),
    state: a.state,
    severity: a.severity,
    score: a.score,
    summary: truncate(a.summary, PAGERDUTY_LIMITS.detailText),
    window: { start: isoTime(a.window.start), end: isoTime(a.window.end) },
    signals: a.signals.map((s) => ({
      type: s.type,
      score: s.score,
      observed: s.observed,
      expected: s.expected,
      detail: truncate(s.detail, PAGERDUTY_LIMITS.detailText),
    })),
  };
}

export function buildTrigger(n: Notification, routingKey: string, source: string): PagerDutyTrigger {
  const latest = n.alerts[n.alerts.length - 1];
  const who = `token ${shortFp(n.token.fp)}${n.token.hint ? ` …${n.token.hint}` : ''}${n.profile.consumer ? ` (consumer ${n.profile.consumer})` : ''}`;
  const more = n.alerts.length + n.earlierCount > 1 ? ` [+${n.alerts.length + n.earlierCount - 1} more]` : '';
  const summary = `[${n.severity.toUpperCase()}] tokenwatch: ${who}: ${latest?.summary ?? 'token anomaly'}${more}`;
  const types = [...new Set(n.alerts.flatMap((a) => a.signals.map((s) => s.type)))];
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: n.groupKey,
    payload: {
      summary: truncate(summary.replace(/\s+/g, ' '), PAGERDUTY_LIMITS.summary),
      source: truncate(n.profile.consumer ?? source, 255),
      severity: PAGERDUTY_SEVERITY[n.severity],
      timestamp: isoTime(latest?.ts ?? 0),
      component: 'api-token',
      group: n.route,
      class: truncate(types.join(',') || 'token_anomaly', 255),
      custom_details: {
        token_fp: n.token.fp,
        token_hint: n.token.hint,
        consumer: n.profile.consumer,
        labels: n.profile.labels,
        max_score: Math.max(...n.alerts.map((a) => a.score)),
        repeat: n.repeat,
        earlier_alerts: n.earlierCount,
        alerts: n.alerts.slice(-PAGERDUTY_LIMITS.alertsInDetails).map(alertDetails),
        omitted_alerts: Math.max(0, n.alerts.length - PAGERDUTY_LIMITS.alertsInDetails),
        automated_response: n.notes,
      },
    },
    client: 'tokenwatch',
  };
}

export function buildResolve(n: Notification, routingKey: string): PagerDutyResolve {
  return { routing_key: routingKey, event_action: 'resolve', dedup_key: n.groupKey };
}
