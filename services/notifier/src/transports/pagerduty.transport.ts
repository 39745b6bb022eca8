import type { Clock, DeliveryResult, Notification, Transport } from '../notifier.types';
import { sendHttp } from '../delivery/http.client';
import { buildResolve, buildTrigger, PAGERDUTY_DEFAULT_URL } from './pagerduty.events';

export interface PagerDutyTransportOptions {
  /** The integration key; a credential, never logged. */
  routingKey: string;
  /** Default https://events.pagerduty.com/v2/enqueue. */
  url?: string;
  /** payload.source when the token's consumer is unknown. */
  source?: string;
  timeoutMs: number;
  clock: Clock;
}

/** PagerDuty Events API v2: trigger and resolve by dedup_key; 202 is success. */
export function createPagerDutyTransport(opts: PagerDutyTransportOptions): Transport {
  const url = opts.url ?? PAGERDUTY_DEFAULT_URL;
  return {
    name: 'pagerduty',
    mode: 'grouped',
    redeliverySafe: true,
    deliver(n: Notification): Promise<DeliveryResult> {
      const event = n.action === 'resolve' ? buildResolve(n, opts.routingKey) : buildTrigger(n, opts.routingKey, opts.source ?? 'tokenwatch');
      return sendHttp(
        { url, body: JSON.stringify(event), headers: { 'content-type': 'application/json' }, timeoutMs: opts.timeoutMs },
        (res) => res.status === 202,
        opts.clock.now,
        'pagerduty',
      );
    },
  };
}
