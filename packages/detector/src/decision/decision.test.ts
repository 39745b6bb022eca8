import { describe, expect, it } from 'vitest';
import { Alert } from '@tokenwatch/contracts';
import { firing, runDetector, signalTypes } from '../testing/run-detector';
import { MONDAY, dailyCycle, event, merge, rng, traffic, type Profile } from '../testing/synthetic-traffic';
import { combineScores } from './alert-track';

const DAY = 86_400_000;
const MIN = 60_000;
const p: Profile = { fp: 'f1f2f3f4f5f6f7f8', rate: dailyCycle(80) };
const AT = MONDAY + 8 * DAY + 13 * 3_600_000;
const history = traffic(p, MONDAY, AT + 3 * 3_600_000, 81);
/** Auth-failure bursts of `n` requests, one every 2 s, at each start time. */
const failures = (starts: number[], n = 40) => {
  const random = rng(2);
  return starts.flatMap((s) => Array.from({ length: n }, (_, i) => event(p, s + i * 2000, { status: 401 }, random)));
};

describe('combineScores', () => {
  it('is a noisy-OR across families with diminishing returns inside one', () => {
    expect(combineScores([{ type: 'new_country', score: 0.5 }])).toBe(0.5);
    expect(
      combineScores([
        { type: 'new_country', score: 0.5 },
        { type: 'new_user_agent', score: 0.4 },
      ]),
    ).toBe(0.7);
    // travel and concurrency are one family: 0.7 + 0.25 · 0.6
    expect(
      combineScores([
        { type: 'impossible_travel', score: 0.7 },
        { type: 'concurrent_geo', score: 0.6 },
      ]),
    ).toBe(0.85);
  });
});

describe('alert decision', () => {
  it('deduplicates a signal within the window, resolves after the quiet period, with the same id', () => {
    // 40 requests in 80 s is also past the token's record 5-minute count (a volume spike)
    const { alerts } = runDetector(merge(history, failures([AT, AT + 5 * MIN, AT + 10 * MIN])), undefined, AT + 6 * 3_600_000);
    const mine = alerts.filter((a) => a.ts >= AT);
    const fired = mine.filter((a) => a.state === 'firing');
    expect(new Set(fired.map((a) => a.id)).size).toBe(1);
    expect(fired.length).toBeLessThanOrEqual(3);
    const resolved = mine.filter((a) => a.state === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.id).toBe(fired[0]!.id);
    expect(resolved[0]!.ts).toBe(resolved[0]!.window.end + 1_800_000);
    expect(resolved[0]!.summary).toMatch(/^Resolved: token …f7f8 back to normal for 30 min after a volume spike and a burst of auth failures/);
    for (const a of mine) expect(() => Alert.parse(a)).not.toThrow();
  });

  it('re-emits the same incident when it escalates, and opens a new one after it resolved', () => {
    const random = rng(9);
    const travel = event(p, AT + 2 * MIN, { geo: { country: 'SG', region: null, city: 'Singapore', lat: 1.35, lon: 103.8 }, ip: '203.0.113.1' }, random);
    const later = AT + 2 * 3_600_000;
    const { alerts } = runDetector(merge(history, failures([AT]), [travel], failures([later, later + 1000], 60)), undefined, AT + 8 * 3_600_000);
    const fired = firing(alerts, { after: AT });
    const ids = [...new Set(fired.map((a) => a.id))];
    expect(ids).toHaveLength(2);
    const first = fired.filter((a) => a.id === ids[0]);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first[first.length - 1]!.score).toBeGreaterThan(first[0]!.score);
    expect(first[first.length - 1]!.signals.map((s) => s.type)).toEqual(expect.arrayContaining(['auth_failures', 'impossible_travel']));
  });

  it('reopens the same incident when the episode goes on within the dedup window after it resolved', () => {
    // first burst, 30 min of quiet (resolved), then the same attacker again 50 min after the first
    const { alerts } = runDetector(merge(history, failures([AT, AT + 50 * MIN])), undefined, AT + 6 * 3_600_000);
    const mine = alerts.filter((a) => a.ts >= AT);
    expect(new Set(mine.map((a) => a.id)).size).toBe(1);
    const states = mine.map((a) => a.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['firing', 'resolved', 'firing', 'resolved']);
    const reopened = mine.find((a, i) => a.state === 'firing' && mine[i - 1]?.state === 'resolved')!;
    expect(reopened.ts).toBeGreaterThanOrEqual(AT + 50 * MIN);
    expect(reopened.window.start).toBe(mine[0]!.window.start);
    expect(reopened.count).toBeGreaterThan(mine[0]!.count!);
  });

  it('updates an open incident with its count and last seen at most every updateIntervalMs', () => {
    const long = failures(
      Array.from({ length: 8 }, (_, i) => AT + i * 5 * MIN),
      20,
    );
    const { alerts } = runDetector(merge(history, long), { decision: { updateIntervalMs: 60_000 } });
    const fired = firing(alerts, { after: AT });
    expect(new Set(fired.map((a) => a.id)).size).toBe(1);
    const counts = fired.map((a) => a.count!);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(fired.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < fired.length; i++) expect(fired[i]!.ts - fired[i - 1]!.ts).toBeGreaterThanOrEqual(MIN);
    const quiet = runDetector(merge(history, long), { decision: { updateIntervalMs: 0 } });
    expect(firing(quiet.alerts, { after: AT })).toHaveLength(1);
  });

  it('honours suppressions until they expire, and weights (0 = off)', () => {
    const muted = runDetector(merge(history, failures([AT])), { suppressions: [{ fp: p.fp, signals: ['auth_failures'], until: AT + DAY }] });
    expect(signalTypes(muted.alerts)).not.toContain('auth_failures');
    const silenced = runDetector(merge(history, failures([AT])), { suppressions: [{ consumer: 'acme', until: AT + DAY }] });
    expect(firing(silenced.alerts)).toEqual([]);
    const expired = runDetector(merge(history, failures([AT])), { suppressions: [{ fp: p.fp, until: AT - 1 }] });
    expect(firing(expired.alerts).length).toBeGreaterThan(0);
    const off = runDetector(merge(history, failures([AT])), { signals: { auth_failures: { weight: 0 } } });
    expect(signalTypes(off.alerts)).not.toContain('auth_failures');
  });

  it('resolves from tick() alone, in event time, at the same instant whatever the tick cadence', () => {
    const events = merge(
      history.filter((e) => e.ts < AT),
      failures([AT]),
    );
    const once = runDetector(events, undefined, AT + 5 * 3_600_000).alerts.filter((a) => a.state === 'resolved');
    const ticking = runDetector(events);
    const resolved = [];
    for (let t = AT; t < AT + 5 * 3_600_000; t += 7 * MIN) resolved.push(...ticking.detector.tick(t));
    expect(resolved).toEqual(once);
  });
});
