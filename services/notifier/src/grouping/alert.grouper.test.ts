import { describe, expect, it } from 'vitest';
import type { TokenProfile } from '../notifier.types';
import type { RouteTarget } from '../routing/routing.rules';
import { FP_1, makeAlert } from '../testing/alerts.fixture';
import { AlertGrouper } from './alert.grouper';

const target: RouteTarget = { route: 'default', transport: 'pagerduty', groupWindowMs: 300_000, repeatIntervalMs: 3_600_000 };
const profile: TokenProfile = { consumer: null, labels: {}, kind: null, credentialId: null };
const t0 = 1_000_000_000_000;
const ids = (n: { alerts: { id: string }[] }) => n.alerts.map((a) => a.id);

describe('AlertGrouper', () => {
  it('sends the first alert at once and holds the next ones of the window for one message', () => {
    const g = new AlertGrouper();
    expect(g.add(target, makeAlert({ id: 'a' }), profile, t0)).toBe('queued');
    const [first] = g.due(t0);
    expect(first).toMatchObject({ action: 'trigger', groupKey: `tokenwatch/default/${FP_1}`, repeat: false });
    expect(ids(first!)).toEqual(['a']);

    g.add(target, makeAlert({ id: 'b' }), profile, t0 + 60_000);
    g.add(target, makeAlert({ id: 'c' }), profile, t0 + 120_000);
    expect(g.due(t0 + 120_000)).toEqual([]);
    expect(g.isPending(target, makeAlert({ id: 'b' }))).toBe(true);
    const [second] = g.due(t0 + 300_000);
    expect(ids(second!)).toEqual(['b', 'c']);
    expect(second).toMatchObject({ earlierCount: 1, groupKey: first!.groupKey });
  });

  it('sends at once when a held alert raises the severity', () => {
    const g = new AlertGrouper();
    g.add(target, makeAlert({ id: 'a', severity: 'medium' }), profile, t0);
    g.due(t0);
    g.add(target, makeAlert({ id: 'b', severity: 'critical' }), profile, t0 + 10_000);
    expect(g.due(t0 + 10_000).map(ids)).toEqual([['b']]);
  });

  it('repeats a still-firing group after the repeat interval, and resolves once all alerts resolved', () => {
    const g = new AlertGrouper();
    g.add(target, makeAlert({ id: 'a' }), profile, t0);
    g.add(target, makeAlert({ id: 'b' }), profile, t0);
    expect(g.due(t0).map(ids)).toEqual([['a', 'b']]);
    const [repeat] = g.due(t0 + 3_600_000);
    expect(repeat).toMatchObject({ repeat: true, action: 'trigger' });
    expect(g.add(target, makeAlert({ id: 'a', state: 'resolved' }), profile, t0 + 3_700_000)).toBe('grouped');
    expect(g.due(t0 + 3_700_000)).toEqual([]);
    expect(g.add(target, makeAlert({ id: 'b', state: 'resolved' }), profile, t0 + 3_800_000)).toBe('queued');
    const [resolve] = g.due(t0 + 3_800_000);
    expect(resolve).toMatchObject({ action: 'resolve', groupKey: repeat!.groupKey });
    expect(ids(resolve!)).toEqual(['a', 'b']);
    expect(g.size).toBe(0);
  });

  it('drops an alert that resolves before it was sent, and flushes held alerts at the end of input', () => {
    const g = new AlertGrouper();
    g.add(target, makeAlert({ id: 'a' }), profile, t0);
    g.due(t0);
    g.add(target, makeAlert({ id: 'b' }), profile, t0 + 1_000);
    expect(g.add(target, makeAlert({ id: 'b', state: 'resolved' }), profile, t0 + 2_000)).toBe('suppressed');
    g.add(target, makeAlert({ id: 'c' }), profile, t0 + 3_000);
    expect(g.due(t0 + 3_000, { flushAll: true }).map(ids)).toEqual([['c']]);
  });

  it('resolves a group it never saw when the ledger says its trigger was sent (after a restart)', () => {
    const g = new AlertGrouper();
    expect(g.add(target, makeAlert({ id: 'z', state: 'resolved' }), profile, t0)).toBe('suppressed');
    expect(g.add(target, makeAlert({ id: 'z', state: 'resolved' }), profile, t0, true)).toBe('queued');
    expect(g.due(t0)).toMatchObject([{ action: 'resolve', groupKey: `tokenwatch/default/${FP_1}` }]);
  });

  it('drops held alerts the caller says must not go out any more', () => {
    const g = new AlertGrouper();
    g.add(target, makeAlert({ id: 'a' }), profile, t0);
    g.due(t0);
    g.add(target, makeAlert({ id: 'b' }), profile, t0 + 1);
    expect(g.due(t0 + 400_000, { drop: (a) => a.id === 'b' })).toEqual([]);
  });
});
