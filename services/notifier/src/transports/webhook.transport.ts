import type { Clock, Transport } from '../notifier.types';
import { sendHttp } from '../delivery/http.client';
import { perAlertTransport } from './per-alert.transport';
import { signatureHeaders } from './webhook.signature';

export interface WebhookTransportOptions {
  url: string;
  /** HMAC key; never logged. */
  secret: string;
  timeoutMs: number;
  clock: Clock;
}

/**
 * Generic webhook: one POST per alert state change, the body exactly the Alert v1 JSON, signed
 * (see webhook.signature.ts). Any 2xx is success.
 */
export function createWebhookTransport(opts: WebhookTransportOptions): Transport {
  return perAlertTransport('webhook', (alert, n) => {
    const body = JSON.stringify(alert);
    return sendHttp(
      {
        url: opts.url,
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'tokenwatch-notifier', ...signatureHeaders(opts.secret, body, opts.clock.now(), n.id) },
        timeoutMs: opts.timeoutMs,
      },
      (res) => res.status >= 200 && res.status < 300,
      opts.clock.now,
      'webhook',
    );
  });
}
