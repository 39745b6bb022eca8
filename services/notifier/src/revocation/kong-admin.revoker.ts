import { httpRequest } from '../delivery/http.client';
import { parseRetryAfter } from '../delivery/retry-after';
import type { Clock } from '../notifier.types';
import type { RevocationTarget, RevokePlan, Revoker, RevokeResult } from './revocation.types';

export interface KongRevokerOptions {
  /** e.g. http://kong-admin:8001 */
  adminUrl: string;
  /** Kong Enterprise RBAC token (header Kong-Admin-Token), when the Admin API needs one. */
  adminToken?: string;
  timeoutMs: number;
  clock: Clock;
}

const path = (t: { consumer: string; credentialId: string }) => `/consumers/${encodeURIComponent(t.consumer)}/key-auth/${encodeURIComponent(t.credentialId)}`;

/**
 * Kong Admin API: `DELETE /consumers/{consumer}/key-auth/{credential id}` (204 = deleted). Needs
 * the consumer (username or id) and the key-auth credential id, which Alert v1 does not carry:
 * they come from the token profile (routing file `tokens`, or the injected lookup; the hint is the
 * credential id when the gateway identified the token by `authenticated_entity.id`).
 */
export function createKongRevoker(opts: KongRevokerOptions): Revoker {
  const base = opts.adminUrl.replace(/\/+$/, '');
  const plan = (t: RevocationTarget): RevokePlan => {
    if (t.credentialId === null) return { ok: false, reason: 'kong: the key-auth credential id of this token is unknown' };
    if (t.consumer === null) return { ok: false, reason: 'kong: the consumer of this token is unknown' };
    return { ok: true, action: `DELETE ${path({ consumer: t.consumer, credentialId: t.credentialId })}` };
  };
  return {
    name: 'kong',
    plan,
    async revoke({ target }): Promise<RevokeResult> {
      const { consumer, credentialId } = target;
      if (credentialId === null || consumer === null) {
        const planned = plan(target);
        return { kind: 'permanent', reason: planned.ok ? 'kong: incomplete target' : planned.reason };
      }
      const outcome = await httpRequest({
        url: `${base}${path({ consumer, credentialId })}`,
        method: 'DELETE',
        headers: opts.adminToken ? { 'kong-admin-token': opts.adminToken } : {},
        timeoutMs: opts.timeoutMs,
      });
      return revokeResult(outcome, opts.clock.now(), 'kong', (status) => status === 204 || status === 200);
    },
  };
}

/** Shared by the revokers: a result is retried only when the revoker certainly did not act. */
export function revokeResult(
  outcome: Awaited<ReturnType<typeof httpRequest>>,
  now: number,
  what: string,
  isSuccess: (status: number) => boolean,
): RevokeResult {
  const res = outcome.response;
  if (!res) {
    const message = outcome.error?.message ?? 'no response';
    return outcome.error?.refused
      ? { kind: 'retry', reason: `${what}: ${message}` }
      : { kind: 'permanent', reason: `${what}: ${message}; result unknown, not retried` };
  }
  if (isSuccess(res.status)) return { kind: 'ok', detail: `${what} answered ${res.status}` };
  const reason = `${what} answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
  if (res.status === 429) {
    const afterMs = parseRetryAfter(res.headers.get('retry-after'), now);
    return afterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterMs };
  }
  return { kind: 'permanent', reason: res.status >= 500 ? `${reason}; result unknown, not retried` : reason };
}
