import { describe, expect, it } from 'vitest';
import { assessLifecycle, isPastPolicy, type LifecycleFacts } from './token-lifecycle';
import { DEFAULT_TOKEN_POLICY, TokenPolicy } from './token-policy.schema';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const FP = 'ab'.repeat(16);
const facts = (over: Partial<LifecycleFacts> = {}): LifecycleFacts => ({
  fp: FP,
  consumer: 'billing',
  kind: 'api_key',
  firstSeen: NOW - 10 * DAY,
  lastSeen: NOW - 60_000,
  userAgents: 1,
  ...over,
});

describe('assessLifecycle', () => {
  it('a young, active token is within the default policy', () => {
    const l = assessLifecycle(facts(), DEFAULT_TOKEN_POLICY, NOW);
    expect(l).toMatchObject({ policy: 'default', ageDays: 10, idleDays: 0, policyState: 'ok', conditions: [], sharedClients: false });
    expect(l.rotationOverdueAt).toBe(NOW - 10 * DAY + 90 * DAY);
    expect(l.rotationDueAt).toBe(NOW - 10 * DAY + 76 * DAY);
    expect(isPastPolicy(l)).toBe(false);
  });

  it('rotation comes due in the warning window, then is overdue', () => {
    const due = assessLifecycle(facts({ firstSeen: NOW - 80 * DAY }), DEFAULT_TOKEN_POLICY, NOW);
    expect(due.policyState).toBe('rotation_due');
    expect(due.violations).toEqual(['rotation due within 10 days (every 90 days)']);
    expect(isPastPolicy(due)).toBe(false);
    const overdue = assessLifecycle(facts({ firstSeen: NOW - 100 * DAY }), DEFAULT_TOKEN_POLICY, NOW);
    expect(overdue.conditions).toEqual(['rotation_overdue']);
    expect(isPastPolicy(overdue)).toBe(true);
  });

  it('lists every condition worst first: past maximum age, overdue, dormant', () => {
    const l = assessLifecycle(facts({ firstSeen: NOW - 400 * DAY, lastSeen: NOW - 45 * DAY }), DEFAULT_TOKEN_POLICY, NOW);
    expect(l.conditions).toEqual(['past_max_age', 'rotation_overdue', 'dormant']);
    expect(l.policyState).toBe('past_max_age');
    expect(l.violations[0]).toBe('400 days old, past the maximum age of 365 days');
    expect(l.violations[2]).toBe('silent for 45 days (dormant after 30)');
  });

  it('the first matching rule sets the limits, over the default field by field', () => {
    const policy = TokenPolicy.parse({
      default: { maxIdleDays: 60 },
      labels: { [FP]: 'ci' },
      rules: [
        { name: 'partners', match: { consumer: 'partner-*' }, rotateEveryDays: 30 },
        { match: { label: 'ci' }, rotateEveryDays: 7, rotationWarningDays: 1 },
      ],
      sharedClients: 3,
    });
    const partner = assessLifecycle(facts({ fp: 'cd'.repeat(16), consumer: 'partner-acme', userAgents: 3 }), policy, NOW);
    expect(partner).toMatchObject({ policy: 'partners', label: null, policyState: 'ok', sharedClients: true });
    expect(partner.limits).toEqual({ maxAgeDays: 365, maxIdleDays: 60, rotateEveryDays: 30, rotationWarningDays: 14 });
    const ci = assessLifecycle(facts(), policy, NOW);
    expect(ci).toMatchObject({ policy: 'rules[1]', label: 'ci', policyState: 'rotation_overdue' });
    expect(assessLifecycle(facts({ consumer: 'partner' }), { ...policy, labels: {} }, NOW).policy).toBe('default');
  });
});
