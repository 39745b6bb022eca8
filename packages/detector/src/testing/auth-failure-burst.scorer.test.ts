import { describe, expect, it } from 'vitest';
import { Alert, type AccessEvent } from '@tokenwatch/contracts';
import { createAuthFailureBurstScorer } from './auth-failure-burst.scorer';

const event = (ts: number, status: number, fp = 'a'.repeat(64)): AccessEvent => ({
  id: `e-${ts}-${fp}`,
  ts,
  gateway: 'kong',
  token: { fp, hint: '1234', kind: 'api_key' },
  ip: null,
  method: 'GET',
  route: '/x',
  path: '/x',
  status,
  bytes: 0,
  latencyMs: 1,
  userAgent: null,
  consumer: null,
  service: null,
  geo: null,
});

describe('auth-failure burst placeholder rule', () => {
  const config = { threshold: 3, windowMs: 10_000, maxTrackedTokens: 10 };

  it('fires once per burst with a valid, deterministic Alert v1', () => {
    const run = () => {
      const scorer = createAuthFailureBurstScorer(config);
      return [0, 1000, 2000, 3000, 4000].flatMap((t) => scorer.observe(event(t, 401)));
    };
    const alerts = run();
    expect(alerts).toHaveLength(1);
    expect(Alert.parse(alerts[0])).toMatchObject({ ts: 2000, window: { start: 0, end: 2000 }, severity: 'medium' });
    expect(alerts[0]!.signals[0]!.detail).toContain('3 auth failures');
    expect(run()[0]!.id).toBe(alerts[0]!.id);
  });

  it('ignores successes and failures spread beyond the window', () => {
    const scorer = createAuthFailureBurstScorer(config);
    const alerts = [0, 11_000, 22_000, 23_000].flatMap((t) => scorer.observe(event(t, 403)));
    alerts.push(...scorer.observe(event(23_500, 200)));
    expect(alerts).toEqual([]);
  });

  it('fires again for a later, separate burst', () => {
    const scorer = createAuthFailureBurstScorer(config);
    const times = [0, 1, 2, 60_000, 60_001, 60_002];
    expect(times.flatMap((t) => scorer.observe(event(t, 401)))).toHaveLength(2);
  });

  it('keeps at most maxTrackedTokens tokens', () => {
    const scorer = createAuthFailureBurstScorer(config);
    for (let i = 0; i < 50; i++) scorer.observe(event(i, 401, i.toString(16).padStart(16, '0')));
    expect(scorer.trackedTokens()).toBe(10);
  });
});
