import { LruCache } from '@tokenwatch/common';
import type { Alert } from '@tokenwatch/contracts';
import type { RevocationMode } from '../notifier.config';
import type { Clock, TokenProfile } from '../notifier.types';
import type { RevocationPolicyConfig } from '../routing/routing-file.schema';
import { stableId } from '../util/text';
import { retryCall } from '../delivery/delivery.retrier';
import type { RevocationAuditRow, RevocationAuditStore } from './revocation-audit.store';
import { evaluatePolicy, HourlyLimit } from './revocation.policy';
import { revocationTarget, type RevocationTarget, type Revoker, type RevokeResult } from './revocation.types';

export type RevocationOutcome = 'skipped' | 'would_revoke' | 'pending' | 'revoked' | 'failed' | 'unknown';

export interface RevocationDecision {
  decisionId: string;
  alertId: string;
  tokenFp: string;
  mode: RevocationMode;
  verdict: 'revoke' | 'skip';
  outcome: RevocationOutcome;
  reason: string;
  action: string;
  /** A line for the on-call message, when there is something worth saying. */
  note?: string;
  /** True when this decision was taken before (redelivery): nothing was done now. */
  duplicate: boolean;
}

export interface RevocationEngineOptions {
  mode: RevocationMode;
  policy: RevocationPolicyConfig;
  revoker?: Revoker;
  audit: RevocationAuditStore;
  clock: Clock;
  onDecision?: (decision: RevocationDecision) => void;
  /** Attempts of one call that certainly did not reach the revoker (refused, 429). Default 3. */
  maxAttempts?: number;
}

/** Deterministic from the alert id: a redelivered or re-emitted alert is the same decision. */
export const decisionIdFor = (alertId: string): string => `rv_${stableId('revocation', alertId).slice(0, 32)}`;

export interface RevocationEngine {
  readonly mode: RevocationMode;
  /** Seeds the hourly limit and the revoked tokens from the audit trail. */
  start(): Promise<void>;
  /** Decides for every firing alert, in order; each decision is audited before it acts. */
  considerAll(items: ReadonlyArray<{ alert: Alert; profile: TokenProfile }>): Promise<Map<string, RevocationDecision>>;
  isRevoked(fp: string): boolean;
}

export function createRevocationEngine(opts: RevocationEngineOptions): RevocationEngine {
  const { mode, clock, audit } = opts;
  const decided = new LruCache<string, RevocationDecision>(50_000);
  const revoked = new LruCache<string, true>(100_000);
  let limit = new HourlyLimit(opts.policy.maxPerHour);
  let unsaved: RevocationAuditRow[] = [];
  let lastRecordedAt = 0;
  const stamp = () => (lastRecordedAt = Math.max(clock.now(), lastRecordedAt + 1));

  const row = (d: RevocationDecision, alert: Alert, target: RevocationTarget, detail: string): RevocationAuditRow => ({
    decision_id: d.decisionId,
    alert_id: alert.id,
    token_fp: alert.token.fp,
    token_hint: alert.token.hint,
    consumer: target.consumer,
    mode,
    verdict: d.verdict,
    reason: d.reason,
    revoker: opts.revoker?.name ?? 'none',
    action: d.action,
    outcome: d.outcome,
    detail,
    severity: alert.severity,
    score: alert.score,
    alert_ts: alert.ts,
    recorded_at: stamp(),
  });

  const fromAudit = (r: RevocationAuditRow): RevocationDecision => ({
    decisionId: r.decision_id,
    alertId: r.alert_id,
    tokenFp: r.token_fp,
    mode: r.mode as RevocationMode,
    verdict: r.verdict === 'revoke' ? 'revoke' : 'skip',
    // A decision left pending (crash during the call) is never called again: its result is unknown.
    outcome: (r.outcome === 'pending' ? 'unknown' : r.outcome) as RevocationOutcome,
    reason: r.reason,
    action: r.action,
    ...(r.outcome === 'pending'
      ? {
          note: `Revocation via ${r.revoker}: result UNKNOWN, the notifier stopped during the call (${r.action}; decision ${r.decision_id}); check the token by hand.`,
        }
      : {}),
    duplicate: true,
  });

  const call = async (decisionId: string, alert: Alert, target: RevocationTarget, reason: string): Promise<RevokeResult> => {
    const revoker = opts.revoker;
    if (!revoker) return { kind: 'permanent', reason: 'no revoker configured' };
    const attempts = opts.maxAttempts ?? 3;
    if (attempts < 1) return { kind: 'permanent', reason: 'not attempted' };
    const policy = { maxAttempts: attempts, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };
    return (await retryCall(() => revoker.revoke({ decisionId, alert, target, reason }), policy, { sleep: clock.sleep })).result;
  };

  const decide = async (alert: Alert, profile: TokenProfile): Promise<RevocationDecision> => {
    const decisionId = decisionIdFor(alert.id);
    const target = revocationTarget(alert, profile);
    const base = { decisionId, alertId: alert.id, tokenFp: alert.token.fp, mode, duplicate: false };
    const policy = evaluatePolicy(opts.policy, alert, profile);
    const plan = opts.revoker?.plan(target) ?? { ok: true as const, action: 'none (no revoker configured)' };
    let d: RevocationDecision;
    if (policy.verdict === 'skip') {
      d = {
        ...base,
        verdict: 'skip',
        outcome: 'skipped',
        reason: policy.reason,
        action: '',
        ...(policy.notable ? { note: `Not revoked: ${policy.reason}.` } : {}),
      };
    } else if (!plan.ok) {
      d = { ...base, verdict: 'skip', outcome: 'skipped', reason: plan.reason, action: '', note: `Not revoked: ${plan.reason}.` };
    } else if (!limit.tryTake(clock.now())) {
      const reason = `hourly revocation limit (${opts.policy.maxPerHour}) reached`;
      d = { ...base, verdict: 'skip', outcome: 'skipped', reason, action: plan.action, note: `Not revoked: ${reason}.` };
    } else if (mode === 'log') {
      d = {
        ...base,
        verdict: 'revoke',
        outcome: 'would_revoke',
        reason: policy.reason,
        action: plan.action,
        note: `Revocation (log mode): would ${plan.action} via ${opts.revoker?.name ?? 'no revoker'}; decision ${decisionId}.`,
      };
    } else {
      d = { ...base, verdict: 'revoke', outcome: 'pending', reason: policy.reason, action: plan.action };
      // Write-ahead: the intent is durable before the call, so a crash never leads to a second call.
      await audit.append([row(d, alert, target, 'calling the revoker')]);
      decided.set(decisionId, d);
      const result = await call(decisionId, alert, target, policy.reason);
      const ok = result.kind === 'ok';
      const detail = ok ? result.detail : result.reason;
      d = {
        ...d,
        outcome: ok ? 'revoked' : 'failed',
        note: ok
          ? `Token revoked via ${opts.revoker?.name}: ${plan.action} (decision ${decisionId}); its further alerts are suppressed.`
          : `Revocation via ${opts.revoker?.name} FAILED: ${detail} (decision ${decisionId}); act by hand.`,
      };
      if (ok) revoked.set(alert.token.fp, true);
      decided.set(decisionId, d);
      unsaved.push(row(d, alert, target, detail));
      return d;
    }
    unsaved.push(row(d, alert, target, d.note ?? ''));
    decided.set(decisionId, d);
    return d;
  };

  const flush = async () => {
    if (unsaved.length === 0) return;
    const rows = unsaved;
    unsaved = [];
    try {
      await audit.append(rows);
    } catch (error) {
      unsaved = [...rows, ...unsaved];
      throw error;
    }
  };

  return {
    mode,
    async start() {
      if (mode === 'disabled') return;
      const now = clock.now();
      limit = new HourlyLimit(opts.policy.maxPerHour, { count: await audit.countActions(mode, now - 3_600_000), at: now });
      for (const fp of await audit.revokedTokens(now - 30 * 86_400_000)) revoked.set(fp, true);
    },
    async considerAll(items) {
      const out = new Map<string, RevocationDecision>();
      if (mode === 'disabled') return out;
      await flush();
      const firing = items.filter((i) => i.alert.state === 'firing');
      const unknown = firing.map((i) => decisionIdFor(i.alert.id)).filter((id) => !decided.has(id));
      const previous = unknown.length > 0 ? await audit.latest(unknown) : new Map<string, RevocationAuditRow>();
      for (const [id, r] of previous) decided.set(id, fromAudit(r));
      for (const { alert, profile } of firing) {
        if (out.has(alert.id)) continue;
        const known = decided.get(decisionIdFor(alert.id));
        const d = known ? { ...known, duplicate: true } : await decide(alert, profile);
        out.set(alert.id, d);
        if (!d.duplicate) opts.onDecision?.(d);
      }
      await flush();
      return out;
    },
    isRevoked: (fp) => revoked.has(fp),
  };
}
