import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assembleNotifier } from '../notifier.assembly';
import { makeAlert } from '../testing/alerts.fixture';
import { ManualClock } from '../testing/manual-clock';
import { harnessParts, loadConfig, receiverEnv, startReceivers, type Receivers } from '../testing/notifier.harness';

/**
 * A receiver that is down for a minute (answers 503) delays the alerts and drops none; one down for
 * longer than TOKENWATCH_NOTIFY_RETRY_FOR sends them to the DLQ. Real HTTP, time from a manual clock.
 */
let r: Receivers;
beforeAll(async () => {
  r = await startReceivers();
});
afterAll(() => r?.close());
beforeEach(() => r.reset());

const routing = { version: 1, routes: [{ name: 'oncall', to: ['slack'] }] };
const down = { status: 503, body: 'service unavailable' };

function notifier(retryFor: string) {
  const clock = new ManualClock(Date.parse('2026-11-24T00:00:00Z'));
  const parts = harnessParts(loadConfig(receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'disabled', TOKENWATCH_NOTIFY_RETRY_FOR: retryFor })));
  // random 1: each backoff is its ceiling (0.5, 1, 2, 4, 8, 16, 30 s), so 7 failures span 61.5 s.
  return { clock, deadLetters: parts.deadLetters, ...assembleNotifier({ ...parts, clock, random: () => 1 }) };
}

describe('a sink that is down', () => {
  it('for 60 s: the alerts wait and are delivered once it is back, none dead-lettered', async () => {
    const { engine, clock, deadLetters } = notifier('10m');
    const startedAt = clock.now();
    r.slack.script(...Array.from({ length: 7 }, () => down));
    const report = await engine.handle([makeAlert({ id: 'o1', ts: clock.now() }), makeAlert({ id: 'o2', ts: clock.now() })]);
    expect(report).toMatchObject({ sent: 1, deadLettered: 0 });
    expect(deadLetters.letters).toEqual([]);
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(61_500); // plus Slack's 1 message/s spacing
    expect(r.slack.requests.map((q) => q.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 200]);
    expect(r.slack.requests[7]!.body).toContain('*Alerts*\\n2'); // both alerts, in one message
    expect(r.problems()).toEqual([]);
  });

  it('for longer than TOKENWATCH_NOTIFY_RETRY_FOR: dead-lettered after that time, with the reason', async () => {
    const { engine, clock, deadLetters } = notifier('1m');
    const startedAt = clock.now();
    r.slack.script(...Array.from({ length: 20 }, () => down));
    const report = await engine.handle([makeAlert({ id: 'o3', ts: clock.now() })]);
    expect(report).toMatchObject({ sent: 0, deadLettered: 1 });
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(60_000);
    expect(deadLetters.letters[0]).toMatchObject({ transport: 'slack', attempts: 8 });
    expect(deadLetters.letters[0]!.reason).toContain('503');
  });
});
