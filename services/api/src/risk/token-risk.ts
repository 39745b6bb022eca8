import type { TokenInventoryRow } from '@tokenwatch/clickhouse';

const DAY_MS = 86_400_000;

export const RISK_FLAGS = [
  'openAlerts',
  'dormantThenActive',
  'sharedIps',
  'sharedUserAgents',
  'manyCountries',
  'sensitiveRoutes',
  'longLived',
  'dormant',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export interface RiskThresholds {
  /** Seen for at least this many days: long-lived (rotate it). */
  longLivedDays: number;
  /** Silent for at least this many days: dormant now, or dormant then active again. */
  dormantDays: number;
  sharedIps: number;
  sharedUserAgents: number;
  manyCountries: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { longLivedDays: 90, dormantDays: 30, sharedIps: 20, sharedUserAgents: 5, manyCountries: 3 };

export interface RiskOptions extends RiskThresholds {
  now: number;
  /** Whether a "METHOD /route" is sensitive (admin, export, key management, …): see sensitiveRouteTest. */
  isSensitiveRoute: (routeKey: string) => boolean;
}

/** A sensitive-route test over patterns, remembering its answers (route keys repeat across tokens). */
export function sensitiveRouteTest(patterns: readonly RegExp[], maxRemembered = 50_000): (routeKey: string) => boolean {
  const known = new Map<string, boolean>();
  return (key) => {
    let answer = known.get(key);
    if (answer === undefined) {
      answer = patterns.some((r) => r.test(key));
      if (known.size < maxRemembered) known.set(key, answer);
    }
    return answer;
  };
}

export interface RiskReason {
  flag: RiskFlag;
  points: number;
  /** One sentence with the numbers. */
  detail: string;
}

export interface TokenRisk {
  /** 0..100: the sum of the reasons' points, capped. */
  risk: number;
  /** Highest points first. */
  riskReasons: RiskReason[];
  flags: Record<RiskFlag, boolean>;
}

/** Points of the highest open severity; each further open alert adds 5, up to 50 for alerts. */
const SEVERITY_POINTS = { critical: 40, high: 25, medium: 12, low: 5 } as const;
const POINTS: Record<Exclude<RiskFlag, 'openAlerts'>, number> = {
  dormantThenActive: 20,
  sharedIps: 15,
  manyCountries: 15,
  sharedUserAgents: 10,
  sensitiveRoutes: 10,
  longLived: 10,
  dormant: 5,
};
const MAX_ALERT_POINTS = 50;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function alertReason(open: TokenInventoryRow['openAlerts']): RiskReason | undefined {
  const count = open.critical + open.high + open.medium + open.low;
  const highest = (['critical', 'high', 'medium', 'low'] as const).find((s) => open[s] > 0);
  if (!highest) return undefined;
  const points = Math.min(MAX_ALERT_POINTS, SEVERITY_POINTS[highest] + 5 * (count - 1));
  return { flag: 'openAlerts', points, detail: `${plural(count, 'open alert')}, the highest ${highest}` };
}

/**
 * How risky a token looks from its inventory facts (pure): open alerts by severity, a dormant token
 * waking up, sharing across many IPs, clients or countries, sensitive routes, age and disuse.
 */
export function assessTokenRisk(t: TokenInventoryRow, o: RiskOptions): TokenRisk {
  const ageDays = Math.floor((o.now - t.firstSeen) / DAY_MS);
  const silentDays = Math.floor((o.now - t.lastSeen) / DAY_MS);
  const sensitive = t.routeKeys.filter(o.isSensitiveRoute);
  const reactivated = t.longestSilenceDays >= o.dormantDays || t.reactivationAlerts > 0;
  const candidates: Array<[Exclude<RiskFlag, 'openAlerts'>, boolean, () => string]> = [
    [
      'dormantThenActive',
      reactivated,
      () =>
        t.longestSilenceDays >= o.dormantDays
          ? `silent for ${t.longestSilenceDays} days (≥ ${o.dormantDays}), then active again`
          : `${plural(t.reactivationAlerts, 'dormant-reactivation alert')}`,
    ],
    ['sharedIps', t.ips >= o.sharedIps, () => `used from ${t.ips} IPs (≥ ${o.sharedIps})`],
    [
      'manyCountries',
      t.countries.length >= o.manyCountries,
      () => `used from ${t.countries.length} countries (≥ ${o.manyCountries}): ${t.countries.join(', ')}`,
    ],
    ['sharedUserAgents', t.userAgents >= o.sharedUserAgents, () => `used by ${t.userAgents} user agents (≥ ${o.sharedUserAgents})`],
    [
      'sensitiveRoutes',
      sensitive.length > 0,
      () => `${plural(sensitive.length, 'sensitive route')} used: ${sensitive.slice(0, 3).join(', ')}${sensitive.length > 3 ? ', …' : ''}`,
    ],
    ['longLived', ageDays >= o.longLivedDays, () => `seen for ${ageDays} days (≥ ${o.longLivedDays}): rotate it`],
    ['dormant', silentDays >= o.dormantDays, () => `silent for ${silentDays} days (≥ ${o.dormantDays}): revoke it if unused`],
  ];
  const reasons: RiskReason[] = [];
  const alerts = alertReason(t.openAlerts);
  if (alerts) reasons.push(alerts);
  for (const [flag, on, detail] of candidates) if (on) reasons.push({ flag, points: POINTS[flag], detail: detail() });
  reasons.sort((a, b) => b.points - a.points);
  const flags = Object.fromEntries(RISK_FLAGS.map((f) => [f, reasons.some((r) => r.flag === f)])) as Record<RiskFlag, boolean>;
  return {
    risk: Math.min(
      100,
      reasons.reduce((sum, r) => sum + r.points, 0),
    ),
    riskReasons: reasons,
    flags,
  };
}
