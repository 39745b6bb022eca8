import type { Alert } from '@tokenwatch/contracts';
import { SEVERITY_RANK, type TokenProfile } from '../notifier.types';
import type { RevocationPolicyConfig } from '../routing/routing-file.schema';

export type PolicyVerdict = { verdict: 'revoke'; reason: string } | { verdict: 'skip'; reason: string; notable: boolean };

/**
 * Whether a firing alert may revoke its token, before the rate limit: every condition must hold.
 * `notable` skips (protected tokens) are worth telling the on-call about; threshold misses are not.
 */
export function evaluatePolicy(policy: RevocationPolicyConfig, alert: Alert, profile: TokenProfile): PolicyVerdict {
  if (alert.state !== 'firing') return { verdict: 'skip', reason: 'alert is not firing', notable: false };
  if (SEVERITY_RANK[alert.severity] < SEVERITY_RANK[policy.minSeverity]) {
    return { verdict: 'skip', reason: `severity ${alert.severity} below ${policy.minSeverity}`, notable: false };
  }
  if (alert.score < policy.minScore) return { verdict: 'skip', reason: `score ${alert.score} below ${policy.minScore}`, notable: false };
  const allowed = policy.signals;
  if (allowed && !alert.signals.some((s) => allowed.includes(s.type))) {
    return { verdict: 'skip', reason: `no signal of an allowed type (${allowed.join(', ')})`, notable: false };
  }
  if (policy.protectedTokens.includes(alert.token.fp)) return { verdict: 'skip', reason: 'token is protected', notable: true };
  if (profile.consumer !== null && policy.protectedConsumers.includes(profile.consumer)) {
    return { verdict: 'skip', reason: `consumer ${profile.consumer} is protected`, notable: true };
  }
  const types = [...new Set(alert.signals.map((s) => s.type))].join(', ');
  return { verdict: 'revoke', reason: `${alert.severity} alert, score ${alert.score}, signals ${types}` };
}

/** At most `max` actions in any sliding hour; seeded with actions already taken (e.g. before a restart). */
export class HourlyLimit {
  private readonly times: number[] = [];

  constructor(
    readonly max: number,
    seed: { count: number; at: number } = { count: 0, at: 0 },
  ) {
    for (let i = 0; i < seed.count; i++) this.times.push(seed.at);
  }

  private prune(now: number): void {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - 3_600_000) this.times.shift();
  }

  used(now: number): number {
    this.prune(now);
    return this.times.length;
  }

  /** Takes a slot if one is free. */
  tryTake(now: number): boolean {
    this.prune(now);
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
}
