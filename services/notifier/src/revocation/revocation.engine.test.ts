import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/contracts';
import type { TokenProfile } from '../notifier.types';
import { RevocationPolicyConfig } from '../routing/routing-file.schema';
import { FP_1, FP_2, FP_3, makeAlert } from '../testing/alerts.fixture';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import { ManualClock } from '../testing/manual-clock';
import { verifySignedRequest } from '../transports/webhook.signature';
import { createHttpRevoker } from './http.revoker';
import { createKongRevoker } from './kong-admin.revoker';
import { createMemoryAuditStore } from './revocation-audit.store';
import { createRevocationEngine, decisionIdFor } from './revocation.engine';

let kong: Receiver;
beforeAll(async () => {
  kong = await startReceiver({ respond: { status: 204 } });
});
afterAll(() => kong.close());
beforeEach(() => {
  kong.requests.length = 0;
});

const policy = RevocationPolicyConfig.parse({
  minSeverity: 'high',
  minScore: 0.8,
  signals: ['auth_failures', 'impossible_travel'],
  protectedTokens: [FP_3],
  protectedConsumers: ['internal'],
  maxPerHour: 2,
});
const profile: TokenProfile = { consumer: 'acme', labels: {}, kind: 'credential_id', credentialId: null };
const critical = (id: string, fp = FP_1, extra: Partial<Alert> = {}): Alert =>
  makeAlert({
    id,
    severity: 'critical',
    score: 0.95,
    token: { fp, hint: `cred-${id}` },
    signals: [{ type: 'auth_failures', score: 0.95, observed: 40, expected: 1, detail: '40 failed logins in a minute (baseline 1).' }],
    ...extra,
  });

function engine(mode: 'log' | 'enforce', audit = createMemoryAuditStore(), clock = new ManualClock()) {
  const revoker = createKongRevoker({ adminUrl: `${kong.url}/`, timeoutMs: 1_000, clock });
  return { engine: createRevocationEngine({ mode, policy, revoker, audit, clock }), audit, clock };
}

/** An enforcing engine after a restart: a new process on the same audit store and clock. */
function restartedEnforcer(audit: ReturnType<typeof createMemoryAuditStore>, clock: ManualClock) {
  return createRevocationEngine({ mode: 'enforce', policy, revoker: createKongRevoker({ adminUrl: kong.url, timeoutMs: 1_000, clock }), audit, clock });
}

describe('revocation', () => {
  it('enforce: exactly one Kong call per decision, even when the alert comes again or after a restart', async () => {
    const { engine: first, audit, clock } = engine('enforce');
    await first.start();
    const alert = critical('a1');
    const [d] = (
      await first.considerAll([
        { alert, profile },
        { alert, profile },
      ])
    ).values();
    expect(d).toMatchObject({ outcome: 'revoked', verdict: 'revoke', action: 'DELETE /consumers/acme/key-auth/cred-a1', decisionId: decisionIdFor('a1') });
    expect(d!.note).toContain('Token revoked via kong');
    await first.considerAll([{ alert, profile }]);
    const restarted = restartedEnforcer(audit, clock);
    await restarted.start();
    const [again] = (await restarted.considerAll([{ alert, profile }])).values();
    expect(again).toMatchObject({ duplicate: true, outcome: 'revoked' });
    expect(restarted.isRevoked(FP_1)).toBe(true);
    expect(kong.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /consumers/acme/key-auth/cred-a1']);
    expect((await audit.rows()).map((r) => r.outcome)).toEqual(['pending', 'revoked']);
  });

  it('log mode: no call, and an audit row with the would-be action', async () => {
    const { engine: e, audit } = engine('log');
    const [d] = (await e.considerAll([{ alert: critical('l1'), profile }])).values();
    expect(d).toMatchObject({ outcome: 'would_revoke', action: 'DELETE /consumers/acme/key-auth/cred-l1' });
    expect(d!.note).toMatch(/^Revocation \(log mode\): would DELETE/);
    expect(kong.requests).toEqual([]);
    expect(e.isRevoked(FP_1)).toBe(false);
    expect(await audit.rows()).toMatchObject([
      { mode: 'log', verdict: 'revoke', outcome: 'would_revoke', revoker: 'kong', action: 'DELETE /consumers/acme/key-auth/cred-l1' },
    ]);
  });

  it('applies the policy: thresholds, signal types, protected tokens and consumers', async () => {
    const { engine: e, audit } = engine('enforce');
    const decisions = await e.considerAll([
      { alert: critical('p1', FP_1, { severity: 'medium' }), profile },
      { alert: critical('p2', FP_1, { score: 0.5 }), profile },
      { alert: critical('p3', FP_1, { signals: [{ type: 'off_hours', score: 1, observed: 3, expected: 14, detail: 'Active at 03:00.' }] }), profile },
      { alert: critical('p4', FP_3), profile },
      { alert: critical('p5', FP_2), profile: { ...profile, consumer: 'internal' } },
      { alert: critical('p6', FP_2, { state: 'resolved' }), profile },
    ]);
    expect([...decisions.values()].map((d) => d.reason)).toEqual([
      'severity medium below high',
      'score 0.5 below 0.8',
      'no signal of an allowed type (auth_failures, impossible_travel)',
      'token is protected',
      'consumer internal is protected',
    ]);
    expect(kong.requests).toEqual([]);
    expect((await audit.rows()).every((r) => r.outcome === 'skipped')).toBe(true);
  });

  it('revokes at most N per hour; the hour slides and survives a restart', async () => {
    const { engine: e, audit, clock } = engine('enforce');
    const decisions = await e.considerAll(['r1', 'r2', 'r3'].map((id) => ({ alert: critical(id), profile })));
    expect([...decisions.values()].map((d) => d.outcome)).toEqual(['revoked', 'revoked', 'skipped']);
    expect(decisions.get('r3')!.note).toBe('Not revoked: hourly revocation limit (2) reached.');
    const restarted = restartedEnforcer(audit, clock);
    await restarted.start();
    expect((await restarted.considerAll([{ alert: critical('r4'), profile }])).get('r4')!.outcome).toBe('skipped');
    clock.advance(3_600_001);
    expect((await restarted.considerAll([{ alert: critical('r5'), profile }])).get('r5')!.outcome).toBe('revoked');
    expect(kong.requests).toHaveLength(3);
  });

  it('cannot revoke at Kong without the credential id or consumer, and says so', async () => {
    const { engine: e } = engine('enforce');
    const d = (await e.considerAll([{ alert: critical('u1'), profile: { ...profile, kind: null } }])).get('u1');
    expect(d).toMatchObject({ outcome: 'skipped', reason: 'kong: the key-auth credential id of this token is unknown' });
    expect(kong.requests).toEqual([]);
  });

  it('never calls again for a decision left pending by a crash; a 500 is not retried', async () => {
    const audit = createMemoryAuditStore();
    const { engine: e, clock } = engine('enforce', audit);
    const alert = critical('c1');
    await audit.append([
      {
        decision_id: decisionIdFor('c1'),
        alert_id: 'c1',
        token_fp: FP_1,
        token_hint: null,
        consumer: 'acme',
        mode: 'enforce',
        verdict: 'revoke',
        reason: '',
        revoker: 'kong',
        action: 'DELETE',
        outcome: 'pending',
        detail: '',
        severity: 'critical',
        score: 1,
        alert_ts: 0,
        recorded_at: clock.now(),
      },
    ]);
    expect((await e.considerAll([{ alert, profile }])).get('c1')).toMatchObject({ outcome: 'unknown', duplicate: true });
    kong.script({ status: 500, body: 'boom' });
    expect((await e.considerAll([{ alert: critical('c2'), profile }])).get('c2')).toMatchObject({ outcome: 'failed' });
    expect(kong.requests).toHaveLength(1);
  });

  it('the generic revoker posts a signed request with the decision id as idempotency key', async () => {
    const clock = new ManualClock(Date.now());
    const secret = 'revocation-secret-123456';
    const e = createRevocationEngine({
      mode: 'enforce',
      policy,
      revoker: createHttpRevoker({ url: `${kong.url}/revoke`, secret, timeoutMs: 1_000, clock }),
      audit: createMemoryAuditStore(),
      clock,
    });
    kong.script({ status: 429, headers: { 'retry-after': '2' } }, { status: 200 });
    expect((await e.considerAll([{ alert: critical('h1'), profile }])).get('h1')).toMatchObject({
      outcome: 'revoked',
      action: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/revoke$/),
    });
    expect(kong.requests).toHaveLength(2);
    const req = kong.requests[1]!;
    expect(verifySignedRequest(secret, req.raw, req.headers, clock.now())).toEqual({ ok: true });
    expect(req.headers['idempotency-key']).toBe(decisionIdFor('h1'));
    expect(req.json).toMatchObject({ decisionId: decisionIdFor('h1'), alertId: 'h1', token: { fp: FP_1 }, consumer: 'acme', credentialId: 'cred-h1' });
  });
});
