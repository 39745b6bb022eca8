import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Notification } from '../notifier.types';
import { FP_1, makeAlert } from '../testing/alerts.fixture';
import { checkSlackPayload } from '../testing/contract-checks';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import { ManualClock } from '../testing/manual-clock';
import { createSlackTransport } from './slack.transport';

let slack: Receiver;
beforeAll(async () => {
  slack = await startReceiver({ respond: { status: 200, body: 'ok' }, validate: (req) => checkSlackPayload(req.json) });
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.requests.length = 0;
  slack.problems.length = 0;
});

const note = (id: string): Notification => ({
  id,
  transport: 'slack',
  action: 'trigger',
  route: 'default',
  groupKey: `tokenwatch/default/${FP_1}`,
  token: { fp: FP_1, hint: 'x9Qz' },
  profile: { consumer: null, labels: {}, kind: null, credentialId: null },
  severity: 'high',
  alerts: [makeAlert({ id })],
  earlierCount: 0,
  repeat: false,
  notes: [],
});

describe('Slack transport', () => {
  it('posts Block Kit JSON; 200 "ok" is success, anything else is not', async () => {
    const transport = createSlackTransport({ webhookUrl: `${slack.url}/services/T0/B0/x`, timeoutMs: 2_000, clock: new ManualClock() });
    expect(await transport.deliver(note('a'))).toEqual({ kind: 'ok' });
    slack.script({ status: 200, body: 'not ok' }, { status: 404, body: 'no_service' });
    expect((await transport.deliver(note('b'))).kind).toBe('permanent');
    expect(await transport.deliver(note('c'))).toEqual({ kind: 'permanent', reason: 'slack answered 404: no_service' });
    expect(slack.requests[0]!.headers['content-type']).toBe('application/json');
    expect(slack.problems).toEqual([]);
  });

  it('sends at most one message per second per webhook, in order, with real time', async () => {
    const transport = createSlackTransport({ webhookUrl: `${slack.url}/services/T0/B0/rate`, timeoutMs: 2_000, clock: systemClock });
    const results = await Promise.all(['r1', 'r2', 'r3'].map((id) => transport.deliver(note(id))));
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    const times = slack.requests.map((r) => r.at);
    expect(slack.requests.map((r) => (r.json as { blocks: unknown[] }).blocks.length > 0)).toEqual([true, true, true]);
    // spaced by 1 s when sent; arrival at the receiver may jitter on a loaded machine
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(900);
  });

  it('a 429 holds the webhook queue for Retry-After', async () => {
    const clock = new ManualClock();
    const transport = createSlackTransport({ webhookUrl: `${slack.url}/services/T0/B0/limited`, timeoutMs: 2_000, clock });
    slack.script({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' });
    expect(await transport.deliver(note('a'))).toMatchObject({ kind: 'retry', afterMs: 30_000 });
    const before = clock.now();
    expect(await transport.deliver(note('b'))).toEqual({ kind: 'ok' });
    expect(clock.now() - before).toBeGreaterThanOrEqual(30_000);
  });
});
