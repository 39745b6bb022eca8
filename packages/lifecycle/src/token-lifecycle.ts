import { DEFAULT_LIMITS, type PolicyLimits, type PolicyRule, type TokenPolicy } from './token-policy.schema';

const DAY_MS = 86_400_000;

/** What lifecycle needs to know about a token (times in epoch ms). */
export interface LifecycleFacts {
  fp: string;
  consumer: string | null;
  kind: string | null;
  firstSeen: number;
  lastSeen: number;
  userAgents: number;
}

/** Worst first: the order of `policyState`. */
export const POLICY_CONDITIONS = ['past_max_age', 'rotation_overdue', 'dormant', 'rotation_due'] as const;
export type PolicyCondition = (typeof POLICY_CONDITIONS)[number];
export const POLICY_STATES = [...POLICY_CONDITIONS, 'ok'] as const;
export type PolicyState = (typeof POLICY_STATES)[number];

export interface TokenLifecycle {
  /** The rule that set the limits (its name, or `rules[i]`), or `default`. */
  policy: string;
  label: string | null;
  firstSeen: number;
  ageDays: number;
  idleDays: number;
  limits: Required<PolicyLimits>;
  /** When rotation becomes due and overdue, and when the maximum age is reached (epoch ms). */
  rotationDueAt: number;
  rotationOverdueAt: number;
  maxAgeAt: number;
  /** Every condition that holds, worst first; `policyState` is the first or `ok`. */
  conditions: PolicyCondition[];
  policyState: PolicyState;
  /** One sentence per condition, with the numbers. */
  violations: string[];
  sharedClients: boolean;
}

function globMatch(pattern: string, value: string | null): boolean {
  if (value === null) return false;
  if (!pattern.includes('*')) return pattern === value;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

function ruleMatches(rule: PolicyRule, facts: LifecycleFacts, label: string | null): boolean {
  const m = rule.match;
  return (
    (m.consumer === undefined || globMatch(m.consumer, facts.consumer)) &&
    (m.label === undefined || m.label === label) &&
    (m.kind === undefined || m.kind === facts.kind)
  );
}

const LIMIT_FIELDS = Object.keys(DEFAULT_LIMITS) as (keyof PolicyLimits)[];
/** Only the limit fields that are set (a rule also has a name and a match). */
const defined = (limits: PolicyLimits): PolicyLimits => Object.fromEntries(LIMIT_FIELDS.filter((f) => limits[f] !== undefined).map((f) => [f, limits[f]]));

const days = (ms: number) => Math.max(0, Math.floor(ms / DAY_MS));

/** A token's lifecycle under the policy at `now` (pure): age, idleness, rotation and maximum age. */
export function assessLifecycle(facts: LifecycleFacts, policy: TokenPolicy, now: number): TokenLifecycle {
  const label = policy.labels[facts.fp] ?? null;
  const index = policy.rules.findIndex((r) => ruleMatches(r, facts, label));
  const rule = index >= 0 ? policy.rules[index] : undefined;
  const limits: Required<PolicyLimits> = { ...DEFAULT_LIMITS, ...defined(policy.default), ...(rule ? defined(rule) : {}) };
  const ageDays = days(now - facts.firstSeen);
  const idleDays = days(now - facts.lastSeen);
  const rotationOverdueAt = facts.firstSeen + limits.rotateEveryDays * DAY_MS;
  const rotationDueAt = rotationOverdueAt - limits.rotationWarningDays * DAY_MS;
  const maxAgeAt = facts.firstSeen + limits.maxAgeDays * DAY_MS;

  const found: Partial<Record<PolicyCondition, string>> = {};
  if (now >= maxAgeAt) found.past_max_age = `${ageDays} days old, past the maximum age of ${limits.maxAgeDays} days`;
  if (now >= rotationOverdueAt) found.rotation_overdue = `rotation overdue: every ${limits.rotateEveryDays} days, first seen ${ageDays} days ago`;
  else if (now >= rotationDueAt)
    found.rotation_due = `rotation due within ${Math.ceil((rotationOverdueAt - now) / DAY_MS)} days (every ${limits.rotateEveryDays} days)`;
  if (now - facts.lastSeen >= limits.maxIdleDays * DAY_MS) found.dormant = `silent for ${idleDays} days (dormant after ${limits.maxIdleDays})`;
  const conditions = POLICY_CONDITIONS.filter((c) => found[c] !== undefined);

  return {
    policy: rule ? (rule.name ?? `rules[${index}]`) : 'default',
    label,
    firstSeen: facts.firstSeen,
    ageDays,
    idleDays,
    limits,
    rotationDueAt,
    rotationOverdueAt,
    maxAgeAt,
    conditions,
    policyState: conditions[0] ?? 'ok',
    violations: conditions.map((c) => found[c] as string),
    sharedClients: facts.userAgents >= policy.sharedClients,
  };
}

/** Past policy: anything worse than a rotation merely coming due. */
export const isPastPolicy = (l: TokenLifecycle): boolean => l.conditions.some((c) => c !== 'rotation_due');
