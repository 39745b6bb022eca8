import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRevocationAudit, insertTokenBaselines } from '@tokenwatch/clickhouse';
import type { TestClickHouse } from '@tokenwatch/clickhouse/testing';
import type { RunningServer } from './api.server';
import { startSeededApi, type SeededApi } from './testing/api.harness';
import { FP_A, FP_B, FP_C, HOUR, KEYS, NOW } from './testing/seed.fixture';

let api: SeededApi;
let ch: TestClickHouse;
let server: RunningServer;

beforeAll(async () => {
  api = await startSeededApi();
  ({ ch, server } = api);
}, 60_000);
afterAll(async () => {
  await api?.close();
});

const get = (path: string) => api.get(path);
const post = (path: string, body: unknown) => api.post(path, body);

const ids = (body: { items: { id: string }[] }) => body.items.map((a) => a.id);

describe('GET /api/alerts', () => {
  it('lists the latest state of every alert, newest first', async () => {
    const { status, body } = await get('/api/alerts');
    expect(status).toBe(200);
    expect(ids(body)).toEqual(['alert-a', 'alert-b', 'alert-c']);
    expect(body.items[2].state).toBe('resolved');
    expect(body.nextCursor).toBeNull();
  });

  it('filters by severity, state, signal, token and time range', async () => {
    expect(ids((await get('/api/alerts?severity=high,medium')).body)).toEqual(['alert-a', 'alert-c']);
    expect(ids((await get('/api/alerts?state=firing')).body)).toEqual(['alert-a', 'alert-b']);
    expect(ids((await get('/api/alerts?state=resolved')).body)).toEqual(['alert-c']);
    expect(ids((await get('/api/alerts?signal=dormant_reactivation')).body)).toEqual(['alert-b']);
    expect(ids((await get(`/api/alerts?token=${FP_A}`)).body)).toEqual(['alert-a', 'alert-c']);
    expect(ids((await get(`/api/alerts?from=${NOW - 2.5 * HOUR}&to=${NOW - HOUR}`)).body)).toEqual(['alert-b']);
    expect(ids((await get(`/api/alerts?from=${new Date(NOW - 2.5 * HOUR).toISOString()}`)).body)).toEqual(['alert-a', 'alert-b']);
  });

  it('paginates with a cursor', async () => {
    const first = await get('/api/alerts?limit=2');
    expect(ids(first.body)).toEqual(['alert-a', 'alert-b']);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await get(`/api/alerts?limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second.body)).toEqual(['alert-c']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 400 with the problems for invalid filters', async () => {
    const { status, body } = await get('/api/alerts?severity=urgent&limit=0&token=XYZ&cursor=%%%');
    expect(status).toBe(400);
    expect(body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['cursor', 'limit', 'severity.0', 'token']);
  });
});

describe('GET /api/alerts/:id', () => {
  it('explains the alert with observed vs baseline and the evidence events of its window', async () => {
    const { status, body } = await get('/api/alerts/alert-a');
    expect(status).toBe(200);
    expect(body.alert.id).toBe('alert-a');
    expect(body.explanation.lines).toEqual(['30 requests in 5 minutes against a baseline of 4 (p99 9).', 'First request from BR; seen before: DE.']);
    expect(body.explanation.comparisons[0]).toEqual({ type: 'volume_spike', score: 0.9, observed: 30, baseline: { mean: 4, p99: 9 } });
    expect(body.evidence).toHaveLength(30);
    expect(body.evidence.every((e: { geo: { country: string } }) => e.geo.country === 'BR')).toBe(true);
  });

  it('answers 404 for an unknown alert', async () => {
    expect((await get('/api/alerts/nope')).status).toBe(404);
  });
});

describe('triage', () => {
  it('records who did what, when and why; the latest action is the alert triage status', async () => {
    const ack = await post('/api/alerts/alert-b/ack', { reason: 'looking into it' });
    expect(ack.status).toBe(201);
    expect(ack.body.triage).toEqual({ action: 'ack', reason: 'looking into it', by: { role: 'responder', name: 'responder#1' }, at: NOW });
    await post('/api/alerts/alert-b/false-positive', { reason: 'nightly batch job of the reports team' });

    const detail = await get('/api/alerts/alert-b');
    expect(detail.body.triage.action).toBe('false_positive');
    expect(detail.body.triageHistory.map((t: { action: string }) => t.action).sort()).toEqual(['ack', 'false_positive']);
    const list = await get(`/api/alerts?token=${FP_B}`);
    expect(list.body.items[0].triage.action).toBe('false_positive');
  });

  it('needs a reason and a known alert', async () => {
    const missing = await post('/api/alerts/alert-b/resolve', {});
    expect(missing.status).toBe(400);
    expect(missing.body.problems[0].path).toBe('reason');
    expect((await post('/api/alerts/nope/resolve', { reason: 'gone' })).status).toBe(404);
    expect((await post('/api/alerts/alert-b/snooze', { reason: 'later' })).status).toBe(400);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/api/alerts/alert-b/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.responder}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(typeof ((await res.json()) as { error: string }).error).toBe('string');
  });
});

describe('tokens', () => {
  const fps = (body: { items: { fp: string }[] }) => body.items.map((t) => t.fp);

  it('lists the inventory by risk, with aggregates, flags and the reasons of the score', async () => {
    const { status, body } = await get('/api/tokens');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 2, truncated: false, nextCursor: null });
    const [a, b] = body.items;
    expect(a).toMatchObject({
      fp: FP_A,
      consumer: 'billing',
      ageDays: 100,
      events: 36,
      countries: ['BR', 'DE'],
      routes: 2,
      ips: 2,
      alerts: 2,
      risk: 65,
      flags: { longLived: true, dormant: false, sharedIps: false, dormantThenActive: true, sensitiveRoutes: true, openAlerts: true },
    });
    expect(a.riskReasons.map((r: { flag: string; points: number }) => `${r.flag} ${r.points}`)).toEqual([
      'openAlerts 25',
      'dormantThenActive 20',
      'sensitiveRoutes 10',
      'longLived 10',
    ]);
    expect(a.riskReasons[2].detail).toBe('1 sensitive route used: GET /v1/export');
    // alert-b was marked a false positive above: FP_B has no open alert, but that alert was a dormant reactivation.
    expect(b).toMatchObject({
      fp: FP_B,
      events: 25,
      ips: 25,
      alerts: 1,
      risk: 40,
      flags: { longLived: false, dormant: true, sharedIps: true, dormantThenActive: true, openAlerts: false },
    });
  });

  it('sorts by last seen or volume, and filters by flags', async () => {
    expect(fps((await get('/api/tokens?sort=last_seen')).body)).toEqual([FP_A, FP_B]);
    expect(fps((await get('/api/tokens?sort=volume')).body)).toEqual([FP_A, FP_B]);
    expect(fps((await get('/api/tokens?flag=sharedIps')).body)).toEqual([FP_B]);
    expect(fps((await get('/api/tokens?flag=dormantThenActive,longLived')).body)).toEqual([FP_A]);
    expect((await get('/api/tokens?flag=sharedIps,longLived')).body).toMatchObject({ items: [], total: 0 });
    const bad = await get('/api/tokens?sort=name&flag=risky');
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['flag.0', 'sort']);
  });

  it('paginates the inventory with a cursor bound to its sort', async () => {
    const first = await get('/api/tokens?limit=1');
    expect(fps(first.body)).toEqual([FP_A]);
    const second = await get(`/api/tokens?limit=1&cursor=${first.body.nextCursor}`);
    expect(fps(second.body)).toEqual([FP_B]);
    expect(second.body.nextCursor).toBeNull();
    expect((await get(`/api/tokens?limit=1&sort=volume&cursor=${first.body.nextCursor}`)).status).toBe(400);
  });

  it('shows one token: usage per hour, countries, route mix and alerts', async () => {
    const { status, body } = await get(`/api/tokens/${FP_A}`);
    expect(status).toBe(200);
    expect(body.hourly.reduce((n: number, h: { events: number }) => n + h.events, 0)).toBe(35);
    expect(body.countries).toEqual([
      { country: 'BR', events: 30 },
      { country: 'DE', events: 5 },
    ]);
    expect(body.routes[0]).toEqual({ route: '/v1/export', events: 30 });
    expect(body.alerts.map((a: { id: string }) => a.id)).toEqual(['alert-a', 'alert-c']);
    expect(body.band).toHaveLength(7 * 24 + 1);
    expect(body.band.at(-2)).toMatchObject({ events: 31 });
  });

  it("draws the band from the detector's stored baseline once the token is learned", async () => {
    expect((await get(`/api/tokens/${FP_A}`)).body).toMatchObject({ bandSource: 'observed', learning: null });
    const hourlyRate = Array.from({ length: 168 }, () => 9);
    const baseline = {
      fp: FP_A,
      snapshotVersion: 1,
      learning: 'active',
      firstSeen: NOW - 30 * 24 * HOUR,
      lastSeen: NOW - HOUR,
      events: 6_000,
      consumer: '',
      service: '',
      countries: ['DE'],
      userAgents: [],
      routes: [],
      hourlyRate,
      reason: 'periodic' as const,
      state: JSON.stringify({ state: { phi: 1 } }),
    };
    await insertTokenBaselines(ch, [baseline]);
    const { body } = await get(`/api/tokens/${FP_A}`);
    expect(body).toMatchObject({ bandSource: 'detector', learning: { state: 'active', events: 6_000 } });
    expect(body.band.at(-2)).toMatchObject({ events: 31, expected: 9, low: 3, high: 15 });
    await insertTokenBaselines(ch, [{ ...baseline, learning: 'learning', lastSeen: NOW }]);
    expect((await get(`/api/tokens/${FP_A}`)).body).toMatchObject({ bandSource: 'observed', learning: { state: 'learning' } });
  });

  it('answers 404 for an unknown token and 400 for a malformed one', async () => {
    expect((await get(`/api/tokens/${FP_C}`)).status).toBe(404);
    expect((await get('/api/tokens/not-hex')).status).toBe(400);
    expect((await get(`/api/tokens/${FP_A}?from=${NOW}&to=${NOW - 1}`)).status).toBe(400);
    expect((await get(`/api/tokens/${FP_A}?from=0&to=${NOW}`)).status).toBe(400);
  });
});

describe('GET /api/revocations', () => {
  it('lists the audit trail, optionally of one token', async () => {
    await insertRevocationAudit(ch, [
      {
        decision_id: 'd-1',
        alert_id: 'alert-a',
        token_fp: FP_A,
        token_hint: 'x9Qz',
        consumer: 'billing',
        mode: 'log',
        verdict: 'revoke',
        reason: 'critical alert',
        revoker: 'kong',
        action: 'DELETE /consumers/billing/key-auth/k1',
        outcome: 'would_revoke',
        detail: '',
        severity: 'high',
        score: 0.87,
        alert_ts: NOW - 100_000,
        recorded_at: NOW,
      },
    ]);
    const all = await get('/api/revocations');
    expect(all.status).toBe(200);
    expect(all.body.items).toMatchObject([{ decision_id: 'd-1', outcome: 'would_revoke', token_fp: FP_A }]);
    expect((await get(`/api/revocations?token=${FP_B}`)).body.items).toEqual([]);
    expect((await get('/api/revocations?limit=5000')).status).toBe(400);
  });
});
