import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/contracts';
import { createMemoryDeadLetterSink } from './delivery/dead-letter.sink';
import { DeliveryLedger } from './delivery/delivery.ledger';
import { notifyAlerts } from './notify-alerts';
import { createMemoryAuditStore } from './revocation/revocation-audit.store';
import { createMemorySilenceStore } from './silences/silence.store';
import { FP_1, FP_2, makeAlert } from './testing/alerts.fixture';
import { checkOcsfDetectionFinding } from './testing/contract-checks';
import { ManualClock } from './testing/manual-clock';
import { harnessParts, loadConfig, receiverEnv, startReceivers, type Receivers } from './testing/notifier.harness';

let r: Receivers;
beforeAll(async () => {
  r = await startReceivers();
});
afterAll(() => r.close());
beforeEach(() => r.reset());

const routing = {
  version: 1,
  routes: [{ name: 'all', to: ['slack', 'pagerduty', 'webhook', 'ocsf'] }],
  tokens: { [FP_1]: { consumer: 'acme', credentialId: 'cred-1' }, [FP_2]: { consumer: 'acme', credentialId: 'cred-2' } },
  revocation: { minSeverity: 'critical', minScore: 0.9, signals: ['auth_failures'], maxPerHour: 5 },
};
const authFailures = [{ type: 'auth_failures' as const, score: 0.97, observed: 50, expected: 2, detail: '50 failed requests in one minute (baseline 2).' }];
const a1 = makeAlert({ id: 'a1' });
const a2 = makeAlert({
  id: 'a2',
  severity: 'medium',
  signals: [{ type: 'new_country', score: 0.6, observed: 'BR', expected: ['DE'], detail: 'First request from BR; seen before: DE.' }],
});
const b1 = makeAlert({ id: 'b1', token: { fp: FP_2, hint: 'cred-2' }, severity: 'critical', score: 0.97, signals: authFailures });
const resolved = (a: Alert): Alert => ({ ...a, state: 'resolved' });
const pdEvents = () => r.pagerduty.requests.map((q) => q.json as { event_action: string; dedup_key: string; payload?: { summary: string } });

function run(alerts: Alert[], env: Record<string, string>, extra: Partial<Parameters<typeof notifyAlerts>[1]> = {}) {
  // Starts at the real time: the receivers check signature timestamps against it.
  const clock = new ManualClock(Date.now());
  const deadLetters = createMemoryDeadLetterSink();
  const deps = {
    ...harnessParts(loadConfig(env)),
    clock,
    audit: createMemoryAuditStore(),
    silences: createMemorySilenceStore(clock.now),
    ledger: new DeliveryLedger(),
    ...extra,
    deadLetters,
  };
  return { deadLetters, clock, done: notifyAlerts(alerts, deps) };
}

describe('notifyAlerts against local receivers', () => {
  it('groups a token’s alerts into one message per transport, and resolves with the trigger’s dedup_key', async () => {
    const env = receiverEnv(r, routing);
    const { done } = run([a1, a2, b1], env);
    const report = await done;
    expect(report).toMatchObject({ alerts: 3, sent: 2 + 2 + 3 + 3, deadLettered: 0 }); // Slack and PagerDuty per token, webhook and OCSF per alert
    expect(r.slack.requests).toHaveLength(2);
    expect(pdEvents().map((e) => e.event_action)).toEqual(['trigger', 'trigger']);
    const triggerKey = pdEvents().find((e) => e.payload?.summary.includes('Volume spike'))!.dedup_key;
    expect(triggerKey).toBe(`tokenwatch/all/${FP_1}`);
    // at least once: on a loaded machine a slow answer times out and the alert is sent again (same id)
    expect([...new Set(r.webhook.requests.map((q) => (q.json as Alert).id))].sort()).toEqual(['a1', 'a2', 'b1']);
    const findings = readFileSync(env.TOKENWATCH_OCSF_FILE!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(findings.map(checkOcsfDetectionFinding).flat()).toEqual([]);
    expect(r.problems()).toEqual([]);
  });

  it('sends one resolve per group once all its alerts resolved; a redelivered alert pages nobody twice', async () => {
    const env = receiverEnv(r, routing);
    const ledger = new DeliveryLedger();
    await run([a1, a2], env, { ledger }).done;
    r.reset();
    const report = await run([a1, a2, resolved(a1), resolved(a2), resolved(a1)], env, { ledger }).done;
    expect(report.duplicates).toBe(2 * 4 + 4); // a1, a2 on 4 transports; the second resolved a1 on 4
    expect(pdEvents()).toEqual([{ routing_key: expect.any(String), event_action: 'resolve', dedup_key: `tokenwatch/all/${FP_1}` }]);
    expect(r.slack.requests).toHaveLength(1);
    expect(JSON.stringify(r.slack.requests[0]!.json)).toContain('Resolved: token');
    expect(r.webhook.requests.map((q) => `${(q.json as Alert).id}:${(q.json as Alert).state}`)).toEqual(['a1:resolved', 'a2:resolved']);
    expect(r.problems()).toEqual([]);
  });

  it('survives 500s, a 429 with Retry-After and a timeout, then dead-letters what never succeeds', async () => {
    const env = receiverEnv(r, { version: 1, routes: [{ name: 'p', to: ['pagerduty', 'webhook'] }] }, { TOKENWATCH_REVOCATION_MODE: 'disabled' });
    r.pagerduty.script({ status: 500 }, { status: 429, headers: { 'retry-after': '3' } }, { status: 202, delayMs: 1_000 });
    r.webhook.script(...Array.from({ length: 4 }, () => ({ status: 503 })));
    const { done, deadLetters, clock } = run([a1], env);
    const report = await done;
    expect(report).toMatchObject({ sent: 1, deadLettered: 1 });
    expect(r.pagerduty.requests).toHaveLength(4);
    expect(clock.sleeps).toContain(3_000);
    expect(deadLetters.letters).toMatchObject([
      { transport: 'webhook', tokenFp: FP_1, attempts: 4, reason: 'webhook answered 503 (after 4 attempts)', alerts: [{ id: 'a1' }] },
    ]);
  });

  it('does not retry a 400: straight to the DLQ with the reason', async () => {
    const env = receiverEnv(r, { version: 1, routes: [{ name: 'p', to: ['pagerduty'] }] }, { TOKENWATCH_REVOCATION_MODE: 'disabled' });
    r.pagerduty.script({ status: 400, body: '{"status":"invalid event","errors":["summary is missing"]}' });
    const { done, deadLetters } = run([a1], env);
    expect(await done).toMatchObject({ sent: 0, deadLettered: 1 });
    expect(r.pagerduty.requests).toHaveLength(1);
    expect(deadLetters.letters[0]!.reason).toMatch(/^pagerduty answered 400: .*summary is missing.* \(after 1 attempt\)$/);
  });

  it('enforce: revokes once at Kong, tells the on-call, and suppresses the token’s later alerts', async () => {
    const env = receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'enforce' });
    const audit = createMemoryAuditStore();
    const ledger = new DeliveryLedger();
    const later = makeAlert({ id: 'b2', token: { fp: FP_2, hint: 'cred-2' }, severity: 'high' });
    const report = await run([b1, b1], env, { audit, ledger }).done;
    expect(report.revocations).toEqual({ revoked: 1 });
    await run([b1, later], env, { audit, ledger }).done;
    expect(r.kong.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['DELETE /consumers/acme/key-auth/cred-2']);
    expect(JSON.stringify(r.slack.requests[0]!.json)).toContain('Token revoked via kong');
    expect(r.slack.requests).toHaveLength(1); // b2 is inhibited
    expect(r.webhook.requests.map((q) => (q.json as Alert).id)).toEqual(['b1', 'b2']); // machines get everything
  });

  it('log mode: no revocation call, the would-be action in the message and the audit', async () => {
    const env = receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'log' });
    const audit = createMemoryAuditStore();
    const report = await run([b1], env, { audit }).done;
    expect(report.revocations).toEqual({ would_revoke: 1 });
    expect(r.kong.requests).toEqual([]);
    expect(JSON.stringify(r.slack.requests[0]!.json)).toContain('would DELETE /consumers/acme/key-auth/cred-2');
    expect(await audit.rows()).toMatchObject([{ outcome: 'would_revoke', action: 'DELETE /consumers/acme/key-auth/cred-2', mode: 'log' }]);
  });

  it('silences mute Slack and PagerDuty for a token until they end', async () => {
    const env = receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'disabled' });
    const clock = new ManualClock(Date.now());
    const silences = createMemorySilenceStore(clock.now);
    await silences.add({ matchers: { token: FP_1 }, startsAt: clock.now() - 1, endsAt: clock.now() + 3_600_000, createdBy: 'test', comment: 'pen test' });
    const report = await notifyAlerts([a1, b1], { ...harnessParts(loadConfig(env)), clock, silences });
    expect(report.silenced).toBe(2);
    expect(r.slack.requests).toHaveLength(1);
    expect(pdEvents()).toHaveLength(1);
    expect(r.webhook.requests).toHaveLength(2);
  });
});
