import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../notifier.types';
import { FP_1, makeAlert } from '../testing/alerts.fixture';
import { checkPagerDutyEvent } from '../testing/contract-checks';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import { ManualClock } from '../testing/manual-clock';
import { dedupKey, PAGERDUTY_SEVERITY } from './pagerduty.events';
import { createPagerDutyTransport } from './pagerduty.transport';

const KEY = 'R0UT1NGKEY0123456789abcdef012345';
let pd: Receiver;
beforeAll(async () => {
  pd = await startReceiver({
    respond: { status: 202, body: '{"status":"success","message":"Event processed"}' },
    validate: (req) => checkPagerDutyEvent(req.json, KEY),
  });
});
afterAll(() => pd.close());
beforeEach(() => {
  pd.requests.length = 0;
  pd.problems.length = 0;
});

function notification(action: Notification['action'], summary = 'Volume spike'): Notification {
  const state = action === 'resolve' ? 'resolved' : 'firing';
  return {
    id: 'n',
    transport: 'pagerduty',
    action,
    route: 'page',
    groupKey: dedupKey('page', FP_1),
    token: { fp: FP_1, hint: 'x9Qz' },
    profile: { consumer: 'acme', labels: {}, kind: null, credentialId: null },
    severity: 'critical',
    alerts: [makeAlert({ id: 'a', severity: 'critical', summary, state })],
    earlierCount: 0,
    repeat: false,
    notes: ['Revocation (log mode): would DELETE /consumers/acme/key-auth/c1 via kong'],
  };
}

describe('PagerDuty Events v2 transport', () => {
  it('triggers and resolves with the same dedup_key; 202 is success', async () => {
    const t = createPagerDutyTransport({ routingKey: KEY, url: `${pd.url}/v2/enqueue`, timeoutMs: 2_000, clock: new ManualClock() });
    expect(await t.deliver(notification('trigger'))).toEqual({ kind: 'ok' });
    expect(await t.deliver(notification('resolve'))).toEqual({ kind: 'ok' });
    const [trigger, resolve] = pd.requests.map((r) => r.json as Record<string, unknown>);
    expect(pd.problems).toEqual([]);
    expect(trigger).toMatchObject({
      event_action: 'trigger',
      dedup_key: `tokenwatch/page/${FP_1}`,
      payload: { severity: 'critical', source: 'acme', component: 'api-token', group: 'page', class: 'volume_spike' },
    });
    expect((trigger!.payload as { custom_details: Record<string, unknown> }).custom_details).toMatchObject({
      token_fp: FP_1,
      automated_response: [expect.stringContaining('would DELETE')],
    });
    expect(resolve).toEqual({ routing_key: KEY, event_action: 'resolve', dedup_key: trigger!.dedup_key });
  });

  it('keeps the summary within 1024 characters and maps every severity', async () => {
    const t = createPagerDutyTransport({ routingKey: KEY, url: `${pd.url}/v2/enqueue`, timeoutMs: 2_000, clock: new ManualClock() });
    await t.deliver(notification('trigger', 'y'.repeat(5_000)));
    const summary = (pd.requests[0]!.json as { payload: { summary: string } }).payload.summary;
    expect(Array.from(summary).length).toBe(1024);
    expect(pd.problems).toEqual([]);
    expect(PAGERDUTY_SEVERITY).toEqual({ critical: 'critical', high: 'error', medium: 'warning', low: 'info' });
  });

  it('does not retry a 400, retries a 429 and a 500', async () => {
    const t = createPagerDutyTransport({ routingKey: KEY, url: `${pd.url}/v2/enqueue`, timeoutMs: 2_000, clock: new ManualClock() });
    pd.script({ status: 400, body: '{"status":"invalid event"}' }, { status: 429 }, { status: 500 });
    expect((await t.deliver(notification('trigger'))).kind).toBe('permanent');
    expect((await t.deliver(notification('trigger'))).kind).toBe('retry');
    expect((await t.deliver(notification('trigger'))).kind).toBe('retry');
  });

  it('has a deterministic dedup_key of at most 255 characters', () => {
    expect(dedupKey('r'.repeat(63), 'f'.repeat(64)).length).toBeLessThanOrEqual(255);
    expect(dedupKey('page', FP_1)).toBe(dedupKey('page', FP_1));
  });
});
