import type { Alert } from '@tokenwatch/contracts';
import type { TokenProfile } from '../notifier.types';

/** Who to revoke: what the alert and the token profile say about the credential. */
export interface RevocationTarget {
  tokenFp: string;
  tokenHint: string | null;
  consumer: string | null;
  credentialId: string | null;
}

export function revocationTarget(alert: Alert, profile: TokenProfile): RevocationTarget {
  // Alert v1 carries no token kind: the hint is a credential id only when the profile says so.
  const credentialId = profile.credentialId ?? (profile.kind === 'credential_id' ? alert.token.hint : null);
  return { tokenFp: alert.token.fp, tokenHint: alert.token.hint, consumer: profile.consumer, credentialId };
}

export type RevokePlan = { ok: true; action: string } | { ok: false; reason: string };

/**
 * retry: the revoker certainly did not act (connection refused, 429), so one more call is safe.
 * permanent: it refused, or the result is unknown (timeout, 5xx): never called again for this decision.
 */
export type RevokeResult = { kind: 'ok'; detail: string } | { kind: 'retry'; reason: string; afterMs?: number } | { kind: 'permanent'; reason: string };

export interface RevocationRequest {
  decisionId: string;
  alert: Alert;
  target: RevocationTarget;
  reason: string;
}

export interface Revoker {
  readonly name: 'kong' | 'http';
  /** The call that would be made for a target, or why none can be made. */
  plan(target: RevocationTarget): RevokePlan;
  revoke(request: RevocationRequest): Promise<RevokeResult>;
}
