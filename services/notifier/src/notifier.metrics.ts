import { Counter, Histogram, type Registry } from '@tokenwatch/observability';

/** Notifier metrics; labels are transports, outcomes and modes, never a token. */
export interface NotifierMetrics {
  /** Messages by transport and outcome: sent | dead_lettered. */
  notifications: Counter<'transport' | 'outcome'>;
  /** Alerts by what happened to them: received, duplicate, unrouted, silenced, inhibited, grouped, pending. */
  alerts: Counter<'outcome'>;
  retries: Counter<'transport'>;
  deliverySeconds: Histogram<'transport'>;
  /** Revocation decisions by mode and outcome: skipped | would_revoke | revoked | failed. */
  revocations: Counter<'mode' | 'outcome'>;
}

export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  const registers = [registry];
  return {
    notifications: new Counter({
      name: 'tokenwatch_notifier_notifications_total',
      help: 'Notification messages by transport and outcome',
      labelNames: ['transport', 'outcome'],
      registers,
    }),
    alerts: new Counter({ name: 'tokenwatch_notifier_alerts_total', help: 'Alerts handled by the notifier, by outcome', labelNames: ['outcome'], registers }),
    retries: new Counter({
      name: 'tokenwatch_notifier_delivery_retries_total',
      help: 'Delivery attempts that were retried, by transport',
      labelNames: ['transport'],
      registers,
    }),
    deliverySeconds: new Histogram({
      name: 'tokenwatch_notifier_delivery_duration_seconds',
      help: 'Time to deliver or dead-letter one notification, retries included',
      labelNames: ['transport'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    revocations: new Counter({
      name: 'tokenwatch_notifier_revocations_total',
      help: 'Revocation decisions by mode and outcome',
      labelNames: ['mode', 'outcome'],
      registers,
    }),
  };
}
