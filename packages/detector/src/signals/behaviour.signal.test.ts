import { describe, expect, it } from 'vitest';
import { firing, runDetector, signalTypes, signalsOf } from '../testing/run-detector';
import { MONDAY, dailyCycle, event, merge, officeHours, rng, traffic, type Profile } from '../testing/synthetic-traffic';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const showWeak = { decision: { minAlertScore: 0.01 } };
const p: Profile = { fp: 'd1d2d3d4d5d6d7d8', rate: dailyCycle(80) };
const AT = MONDAY + 8 * DAY + 13 * HOUR;
const history = traffic(p, MONDAY, AT + 30 * MIN, 61);
const at = (start: number, n: number, every: number, over: Parameters<typeof event>[2] = {}) => {
  const random = rng(3);
  return Array.from({ length: n }, (_, i) => event(p, start + i * every, over, random));
};

describe('new_user_agent', () => {
  it('reports a new family with the raw string and the usual families, weak alone', () => {
    const { alerts } = runDetector(merge(history, at(AT, 1, 0, { userAgent: 'curl/8.4.0' })), showWeak);
    const s = signalsOf(alerts, 'new_user_agent');
    expect(s).toHaveLength(1);
    expect(s[0]!.detail).toMatch(/^First request from user-agent family curl \("curl\/8\.4\.0"\) after [\d,]+ requests from python-requests 100%\.$/);
    expect(s[0]!.score).toBeLessThan(0.4);
    expect(firing(runDetector(merge(history, at(AT, 1, 0, { userAgent: 'curl/8.4.0' }))).alerts)).toEqual([]);
  });

  it('ignores a client upgrade (same family, new version) and allowlisted families', () => {
    const upgrade = runDetector(merge(history, at(AT, 50, MIN, { userAgent: 'python-requests/2.32.3' })), showWeak);
    expect(signalTypes(upgrade.alerts)).not.toContain('new_user_agent');
    const allowed = runDetector(merge(history, at(AT, 1, 0, { userAgent: 'curl/8.4.0' })), {
      ...showWeak,
      allowlists: [{ consumer: 'acme', userAgentFamilies: ['curl'] }],
    });
    expect(signalTypes(allowed.alerts)).not.toContain('new_user_agent');
  });
});

describe('auth_failures', () => {
  it('fires on a burst of 401/403 at medium or above, within a minute', () => {
    const { alerts } = runDetector(merge(history, at(AT, 40, 3000, { status: 403 })));
    const hits = firing(alerts, { after: AT, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - AT).toBeLessThanOrEqual(60_000);
    expect(signalsOf(hits, 'auth_failures')[0]!.detail).toMatch(
      /^\d+ auth failures \(401\/403\) in the last minute vs a typical peak of [\d.]+ per minute \(threshold \d+\)\.$/,
    );
  });

  it('stays quiet on a token with a steady trickle of 403s', () => {
    const flaky: Profile = { ...p, status: (r) => (r() < 0.05 ? 403 : 200) };
    const { alerts } = runDetector(traffic(flaky, MONDAY, MONDAY + 8 * DAY, 62));
    expect(signalTypes(firing(alerts))).not.toContain('auth_failures');
  });
});

describe('dormant_reactivation', () => {
  it('fires, at medium, on the first request after a silence far longer than any before', () => {
    const early = traffic(p, MONDAY, MONDAY + 3 * DAY, 63);
    const back = MONDAY + 10 * DAY;
    const { alerts } = runDetector(merge(early, at(back, 5, MIN)));
    const hits = firing(alerts, { after: back, min: 'medium' });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.ts).toBe(back);
    expect(signalsOf(hits, 'dormant_reactivation')[0]!.detail).toMatch(
      /^First request after 7 days of silence \(last seen 2024-01-03\); the longest earlier silence was \d+ (s|min)/,
    );
  });

  it('stays quiet for a weekly cycle and for a job whose silences are always this long', () => {
    const weekly = runDetector(traffic({ ...p, rate: officeHours(200, 0) }, MONDAY, MONDAY + 21 * DAY, 64), showWeak);
    expect(signalTypes(weekly.alerts)).not.toContain('dormant_reactivation');
    const everySixDays = [0, 6, 12, 18, 24].flatMap((d) => at(MONDAY + d * DAY, 60, MIN));
    const job = runDetector(everySixDays, { ...showWeak, learning: { minEvents: 50, minHours: 0.5 } });
    expect(signalsOf(firing(job.alerts), 'dormant_reactivation').map((s) => s.observed)).toEqual([6]);
  });
});

describe('off_hours', () => {
  const office: Profile = { fp: 'e1e2e3e4e5e6e7e8', rate: officeHours(120, 0) };
  const NIGHT = MONDAY + 7 * DAY + (8 * DAY) / 8 + 2 * HOUR; // Tuesday of week 2, 02:00 UTC

  it('fires at medium on sustained use in hours the token has never been active', () => {
    const random = rng(70);
    const night = Array.from({ length: 60 }, (_, i) => event(office, NIGHT + i * 40_000, {}, random));
    const { alerts } = runDetector(merge(traffic(office, MONDAY, NIGHT + 4 * HOUR, 71), night));
    const hits = firing(alerts, { after: NIGHT, min: 'medium' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.ts - NIGHT).toBeLessThan(15 * MIN);
    expect(signalsOf(hits, 'off_hours')[0]!.detail).toMatch(
      /^Active in \d+ of the last 32 minutes on Tuesday 02:00 UTC; this token has averaged at most 0 requests per hour within 3 h of 02:00 UTC on any of the [\d.]+ days observed/,
    );
  });

  it('stays quiet on a single stray request at night and on a nightly batch at its usual hour', () => {
    const random = rng(72);
    const stray = Array.from({ length: 6 }, (_, i) => event(office, NIGHT + i * 20_000, {}, random));
    const { alerts } = runDetector(merge(traffic(office, MONDAY, NIGHT + HOUR, 73), stray));
    expect(firing(alerts)).toEqual([]);
    const batch: Profile = { ...office, rate: (how, _h, minute) => (how % 24 === 2 && minute < 40 ? 600 : 0) };
    const nightly = runDetector(traffic(batch, MONDAY, MONDAY + 14 * DAY, 74));
    expect(firing(nightly.alerts)).toEqual([]);
  });

  it('judges no hour it has nothing to compare with (minDays shorter than the hours observed)', () => {
    const steady: Profile = { ...office, rate: () => 60 };
    const short = { ...showWeak, learning: { minEvents: 10, minHours: 0.5 }, signals: { off_hours: { minDays: 0.05 } } };
    const { alerts } = runDetector(traffic(steady, MONDAY, MONDAY + 3 * HOUR, 75), short);
    expect(signalTypes(alerts)).not.toContain('off_hours');
  });
});
