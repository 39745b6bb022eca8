import { httpRequest } from '../delivery/http.client';
import type { Clock } from '../notifier.types';
import { signatureHeaders } from '../transports/webhook.signature';
import { revokeResult } from './kong-admin.revoker';
import type { Revoker, RevokeResult } from './revocation.types';

export interface HttpRevokerOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  clock: Clock;
}

/**
 * Generic revocation endpoint: POST of a JSON request signed like the webhook
 * (X-Tokenwatch-Signature etc.); `Idempotency-Key` and X-Tokenwatch-Delivery carry the decision id.
 * Any 2xx is success. The receiver resolves the token from its fingerprint itself.
 */
export function createHttpRevoker(opts: HttpRevokerOptions): Revoker {
  return {
    name: 'http',
    plan: () => ({ ok: true, action: `POST ${new URL(opts.url).origin}${new URL(opts.url).pathname}` }),
    async revoke({ decisionId, alert, target, reason }): Promise<RevokeResult> {
      const body = JSON.stringify({
        version: 1,
        decisionId,
        alertId: alert.id,
        token: { fp: target.tokenFp, hint: target.tokenHint },
        consumer: target.consumer,
        credentialId: target.credentialId,
        severity: alert.severity,
        score: alert.score,
        signals: [...new Set(alert.signals.map((s) => s.type))],
        reason,
        requestedAt: opts.clock.now(),
      });
      const outcome = await httpRequest({
        url: opts.url,
        body,
        headers: { 'content-type': 'application/json', 'idempotency-key': decisionId, ...signatureHeaders(opts.secret, body, opts.clock.now(), decisionId) },
        timeoutMs: opts.timeoutMs,
      });
      return revokeResult(outcome, opts.clock.now(), 'revocation endpoint', (status) => status >= 200 && status < 300);
    },
  };
}
