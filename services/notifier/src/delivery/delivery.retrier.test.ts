import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import type { RetryPolicy } from '@tokenwatch/common';
import { deliverWithRetry } from './delivery.retrier';
import { sendHttp } from './http.client';

let receiver: Receiver;
let clock: ManualClock;
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

beforeAll(async () => {
  receiver = await startReceiver({ respond: { status: 200, body: 'ok' } });
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
  clock = new ManualClock();
});

const attempt =
  (timeoutMs = 2_000) =>
  () =>
    sendHttp(
      { url: `${receiver.url}/hook`, body: '{"x":1}', headers: { 'content-type': 'application/json' }, timeoutMs },
      (r) => r.status === 200,
      clock.now,
      'test',
    );

describe('deliverWithRetry over real HTTP', () => {
  it('retries 500s with exponential backoff and full jitter, then succeeds', async () => {
    receiver.script({ status: 500, body: 'rollup_error' }, { status: 503 });
    const outcome = await deliverWithRetry(attempt(), policy, { sleep: clock.sleep, random: () => 0.5 });
    expect(outcome).toEqual({ kind: 'ok', attempts: 3 });
    expect(receiver.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1_000]); // 0.5 × 1 s, 0.5 × 2 s
  });

  it('honours Retry-After on 429, as seconds and as an HTTP date', async () => {
    receiver.script(
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 429, headers: { 'retry-after': new Date(clock.now() + 7_000 + 30_000).toUTCString() } },
    );
    const outcome = await deliverWithRetry(attempt(), policy, { sleep: clock.sleep, random: () => 0 });
    expect(outcome.kind).toBe('ok');
    expect(clock.sleeps).toEqual([7_000, 30_000]);
  });

  it('does not retry other 4xx', async () => {
    receiver.script({ status: 400, body: 'invalid_payload' });
    const outcome = await deliverWithRetry(attempt(), policy, { sleep: clock.sleep });
    expect(outcome).toEqual({ kind: 'failed', attempts: 1, reason: 'test answered 400: invalid_payload', retriable: false });
    expect(receiver.requests).toHaveLength(1);
  });

  it('times out a slow receiver and retries', async () => {
    receiver.script({ status: 200, body: 'ok', delayMs: 1_500 });
    const outcome = await deliverWithRetry(attempt(200), policy, { sleep: clock.sleep, random: () => 0 });
    expect(outcome).toEqual({ kind: 'ok', attempts: 2 });
  });

  it('gives up after the last attempt with the last reason, retriable', async () => {
    receiver.script(...Array.from({ length: 4 }, () => ({ status: 502 })));
    const outcome = await deliverWithRetry(attempt(), policy, { sleep: clock.sleep, random: () => 1 });
    expect(outcome).toEqual({ kind: 'failed', attempts: 4, reason: 'test answered 502', retriable: true });
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('caps a Retry-After beyond the maximum', async () => {
    receiver.script({ status: 429, headers: { 'retry-after': '3600' } });
    await deliverWithRetry(attempt(), policy, { sleep: clock.sleep });
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('reports a refused connection as retriable', async () => {
    const outcome = await deliverWithRetry(
      () => sendHttp({ url: 'http://127.0.0.1:1/x', body: '', timeoutMs: 1_000 }, () => true, clock.now, 'nowhere'),
      { ...policy, maxAttempts: 2 },
      { sleep: clock.sleep },
    );
    expect(outcome).toMatchObject({ kind: 'failed', attempts: 2, retriable: true });
  });
});
