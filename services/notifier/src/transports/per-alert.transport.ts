import type { Alert } from '@tokenwatch/contracts';
import type { DeliveryResult, Notification, Transport, TransportName } from '../notifier.types';

/**
 * A transport of mode `each`: one message per alert state change, which its receiver recognises
 * when it comes twice (redelivery-safe). A notification without an alert fails for good.
 */
export function perAlertTransport(name: TransportName, send: (alert: Alert, n: Notification) => Promise<DeliveryResult>): Transport {
  return {
    name,
    mode: 'each',
    redeliverySafe: true,
    async deliver(n: Notification): Promise<DeliveryResult> {
      const alert = n.alerts[0];
      if (!alert) return { kind: 'permanent', reason: `${name}: notification without an alert` };
      return send(alert, n);
    },
  };
}
