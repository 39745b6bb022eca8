import { describe, expect, it } from 'vitest';
import type { TestClickHouse } from '@tokenwatch/clickhouse/testing';
import type { Alert } from '@tokenwatch/contracts';
import { assembleNotifier } from '../notifier.assembly';
import { createClickHouseAuditStore } from '../revocation/revocation-audit.store';
import { decisionIdFor } from '../revocation/revocation.engine';
import { FP_2, makeAlert } from '../testing/alerts.fixture';
import { withClickHouseAndReceivers } from '../testing/clickhouse-and-receivers.hooks';
import { CrashPoint } from '../testing/crash-point';
import { ManualClock } from '../testing/manual-clock';
import type { Receiver } from '../testing/http-receiver';
import { harnessParts, loadConfig, receiverEnv, type Receivers } from '../testing/notifier.harness';
import { pagerDutyPages } from '../testing/pagerduty-pages';
import { createClickHouseLedgerBackend } from './clickhouse.ledger';
import { createMemoryDeadLetterSink } from './dead-letter.sink';
import { DeliveryLedger } from './delivery.ledger';

/**
 * The crash points between a message reaching Slack / PagerDuty / a webhook / Kong and the notifier
 * recording it, on real HTTP receivers and the embedded ClickHouse ledger and audit: the process
 * "dies" (CrashPoint) at each point and a second notifier redelivers the same alerts.
 */
let ch: TestClickHouse;
let r: Receivers;
withClickHouseAndReceivers((clickhouse, receivers) => {
  ch = clickhouse;
  r = receivers;
});

const routing = {
  version: 1,
  routes: [{ name: 'oncall', to: ['slack', 'pagerduty', 'webhook'] }],
  tokens: { [FP_2]: { consumer: 'acme', credentialId: 'cred-2' } },
  revocation: { minSeverity: 'critical', minScore: 0.9, signals: ['auth_failures'], maxPerHour: 5 },
};

/** One notifier process on the shared ClickHouse; with a crash point, one that can die. */
function process(clock: ManualClock, crash?: CrashPoint) {
  const backend = createClickHouseLedgerBackend(ch);
  const audit = createClickHouseAuditStore(ch);
  const deadLetters = createMemoryDeadLetterSink();
  const notifier = assembleNotifier({
    ...harnessParts(loadConfig(receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'enforce' }))),
    clock: crash ? crash.clock(clock) : clock,
    ledger: new DeliveryLedger(crash ? crash.ledger(backend) : backend),
    audit: crash ? crash.audit(audit) : audit,
    deadLetters: crash ? crash.deadLetters(deadLetters) : deadLetters,
  });
  return { ...notifier, deadLetters };
}

const critical = (id: string): Alert =>
  makeAlert({
    id,
    token: { fp: FP_2, hint: 'cred-2' },
    severity: 'critical',
    score: 0.97,
    signals: [{ type: 'auth_failures', score: 0.97, observed: 50, expected: 2, detail: '50 failed requests in one minute (baseline 2).' }],
  });
/** Hands the alerts to a notifier that dies the moment every given receiver has its request. */
async function dieOnArrival(receivers: readonly Receiver[], alerts: Alert[]): Promise<void> {
  // Starts at the real time: the webhook receiver checks signature timestamps against it.
  const clock = new ManualClock(Date.now());
  const crash = new CrashPoint();
  const doomed = process(clock, crash);
  await doomed.start();
  const arrived = Promise.all(receivers.map((receiver) => receiver.nextRequest()));
  void doomed.engine.handle(alerts);
  await arrived;
  crash.crash();
}

const deliveryIds = () => r.webhook.requests.map((q) => q.headers['x-tokenwatch-delivery']);

describe('a crash between sending and recording', () => {
  it('the receivers got the messages, no result recorded: Slack gets no second message, PagerDuty no second page, Kong no second call', async () => {
    const clock = new ManualClock(Date.now());
    const alert = makeAlert({ id: `x1-${clock.now()}`, ts: clock.now() });
    const slow = { status: 200, body: 'ok', delayMs: 300 };
    r.slack.script(slow);
    r.pagerduty.script({ ...slow, status: 202 });
    r.webhook.script(slow);
    await dieOnArrival([r.slack, r.pagerduty, r.webhook], [alert]);

    const second = process(clock);
    await second.start();
    await second.engine.recover(0);
    const report = await second.engine.handle([alert]);

    expect(r.slack.requests).toHaveLength(1);
    expect(pagerDutyPages(r.pagerduty.requests)).toMatchObject({ pages: 1 });
    // PagerDuty and the webhook are sent again, recognisably: same dedup_key, same delivery id.
    expect(r.pagerduty.requests).toHaveLength(2);
    expect(new Set(deliveryIds()).size).toBe(1);
    expect(second.deadLetters.letters.map((l) => [l.transport, l.reason.slice(0, 9)])).toEqual([['slack', 'in doubt:']]);
    expect(report).toMatchObject({ sent: 2, deadLettered: 0 });

    // The maybe-shown Slack message still gets its resolve; a third delivery of the alert sends nothing.
    await second.engine.handle([{ ...alert, state: 'resolved' }]);
    expect(r.slack.requests).toHaveLength(2);
    expect(pagerDutyPages(r.pagerduty.requests).open).toEqual([]);
    const before = r.slack.requests.length + r.pagerduty.requests.length + r.webhook.requests.length;
    await process(clock).engine.handle([alert, { ...alert, state: 'resolved' }]);
    expect(r.slack.requests.length + r.pagerduty.requests.length + r.webhook.requests.length).toBe(before);
    expect(r.problems()).toEqual([]);
  });

  it('the intent was recorded but Slack never accepted the message: not sent again either, and kept in the DLQ', async () => {
    const clock = new ManualClock(Date.now());
    const alert = makeAlert({ id: `x2-${clock.now()}`, ts: clock.now() });
    r.slack.script({ status: 503, delayMs: 200 });
    await dieOnArrival([r.slack], [alert]);

    const second = process(clock);
    await second.engine.handle([alert]);
    expect(r.slack.requests.map((q) => q.status)).toEqual([503]);
    expect(second.deadLetters.letters).toHaveLength(1);
    expect(second.deadLetters.letters[0]).toMatchObject({ transport: 'slack', action: 'trigger', alerts: [{ id: alert.id }] });
  });

  it('the result was recorded, the offsets not committed: the redelivered alert sends nothing', async () => {
    const clock = new ManualClock(Date.now());
    const crash = new CrashPoint();
    const first = process(clock, crash);
    const alert = makeAlert({ id: `x3-${clock.now()}`, ts: clock.now() });
    await first.engine.handle([alert]);
    crash.crash();
    const sent = r.slack.requests.length + r.pagerduty.requests.length + r.webhook.requests.length;
    expect(sent).toBe(3);
    const second = process(clock);
    expect(await second.engine.handle([alert])).toMatchObject({ sent: 0, duplicates: 3 });
    expect(r.slack.requests.length + r.pagerduty.requests.length + r.webhook.requests.length).toBe(sent);
  });

  it('Kong received the revocation, its result was not recorded: never called again; the decision is unknown', async () => {
    const clock = new ManualClock(Date.now());
    const alert = critical(`x4-${clock.now()}`);
    r.kong.script({ status: 204, delayMs: 300 });
    await dieOnArrival([r.kong], [alert]);

    const second = process(clock);
    await second.start();
    await second.engine.handle([alert]);
    expect(r.kong.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['DELETE /consumers/acme/key-auth/cred-2']);
    const [decision] = (await createClickHouseAuditStore(ch).latest([decisionIdFor(alert.id)])).values();
    expect(decision).toMatchObject({ outcome: 'pending', detail: 'calling the revoker' });
    // The crash came before any message: the restarted notifier sends them, saying what is unknown.
    expect(second.deadLetters.letters).toEqual([]);
    expect(r.slack.requests).toHaveLength(1);
    expect(r.slack.requests[0]!.body).toContain('result UNKNOWN');
    expect(pagerDutyPages(r.pagerduty.requests).pages).toBe(1);
  });
});
