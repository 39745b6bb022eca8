import type { Alert, Severity } from '@tokenwatch/contracts';

/** Where time comes from: the wall clock in production, a manual clock in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** The names of the built-in transports; a routing rule sends to these. */
export const TRANSPORT_NAMES = ['slack', 'pagerduty', 'webhook', 'ocsf'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

/** What the notifier knows about a token besides its fingerprint (from the routing file or a lookup). */
export interface TokenProfile {
  consumer: string | null;
  labels: Record<string, string>;
  /** How the gateway identified the token, when known (Alert v1 does not carry it). */
  kind: string | null;
  /** Gateway credential id, when known; used by revokers. */
  credentialId: string | null;
}

/** Looks a token up by fingerprint, e.g. in the latest access events; undefined when unknown. */
export type TokenLookup = (fp: string) => Promise<Partial<TokenProfile> | undefined> | Partial<TokenProfile> | undefined;

/**
 * One message to one transport. Grouped transports (Slack, PagerDuty) get every alert of a token's
 * group that is new since the last message; per-alert transports (webhook, OCSF) get exactly one alert.
 */
export interface Notification {
  /** Deterministic: transport, group and the alert ids and states it carries. */
  id: string;
  transport: TransportName;
  action: 'trigger' | 'resolve';
  /** The routing rule that chose this transport. */
  route: string;
  /** Stable per route and token: PagerDuty's dedup_key, Slack's group reference. */
  groupKey: string;
  token: Alert['token'];
  profile: TokenProfile;
  /** Highest severity among the alerts. */
  severity: Severity;
  alerts: Alert[];
  /** Alerts of the group already announced earlier and still firing (not repeated in full). */
  earlierCount: number;
  /** True when this message repeats a still-firing group after the repeat interval. */
  repeat: boolean;
  /** Short human lines about automated responses (revocation decisions). */
  notes: string[];
}

/** The outcome of one delivery attempt; expected failures are values, not exceptions. */
export type DeliveryResult = { kind: 'ok' } | { kind: 'retry'; reason: string; afterMs?: number } | { kind: 'permanent'; reason: string };

export interface Transport {
  readonly name: TransportName;
  /** grouped: one message per token group; each: one message per alert state change. */
  readonly mode: 'grouped' | 'each';
  /**
   * True when the receiver recognises a message sent twice (PagerDuty's dedup_key, the webhook's
   * X-Tokenwatch-Delivery, OCSF's finding uid): a message a crash left unrecorded is sent again.
   * Otherwise (Slack; the default) an intent is made durable before each send, and a message left
   * in doubt by a crash is not sent again (see the README, "Exactly-once effects").
   */
  readonly redeliverySafe?: boolean;
  deliver(notification: Notification): Promise<DeliveryResult>;
  close?(): Promise<void>;
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function maxSeverity(alerts: readonly Alert[]): Severity {
  let best: Severity = 'low';
  for (const a of alerts) if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[best]) best = a.severity;
  return best;
}
