import { describe, expect, it } from 'vitest';
import { TokenwatchError, isRetriable } from './errors';
import { backoffDelay, retry, type RetryPolicy } from './retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 };
const transient = (n: number) => new TokenwatchError(`try ${n} failed`, { code: 'TEST_DOWN', retriable: true, context: { n } });

/** A sleep that records the waits and advances a manual clock: no wall clock in these tests. */
function manualClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('TokenwatchError', () => {
  it('carries a code, whether it is retriable, its context and its cause', () => {
    class ReceiverDownError extends TokenwatchError {}
    const cause = new Error('ECONNREFUSED');
    const error = new ReceiverDownError('receiver down', { code: 'RECEIVER_DOWN', retriable: true, context: { url: 'http://x', hint: 'start it' }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ReceiverDownError',
      message: 'receiver down',
      code: 'RECEIVER_DOWN',
      retriable: true,
      context: { url: 'http://x', hint: 'start it' },
    });
    expect(error.cause).toBe(cause);
    expect(new TokenwatchError('bad', { code: 'BAD' })).toMatchObject({ retriable: false, context: {} });
    expect(isRetriable(error)).toBe(true);
    expect(isRetriable(new TokenwatchError('bad', { code: 'BAD' }))).toBe(false);
    expect(isRetriable(Object.assign(new Error('duck'), { retriable: true }))).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('is full jitter under a doubling ceiling', () => {
    expect([0, 1, 2, 3, 4, 40].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(2_000);
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
  });
});

describe('retry', () => {
  it('retries retriable failures with backoff and returns the value', async () => {
    const clock = manualClock();
    const retries: number[] = [];
    const value = await retry(
      async (attempt) => {
        if (attempt < 3) throw transient(attempt);
        return `ok after ${attempt}`;
      },
      policy,
      { sleep: clock.sleep, random: () => 0.5, onRetry: (info) => retries.push(info.attempt) },
    );
    expect(value).toBe('ok after 3');
    expect(clock.sleeps).toEqual([500, 1_000]);
    expect(retries).toEqual([1, 2]);
  });

  it('throws a permanent failure at once and the last one after maxAttempts, unchanged', async () => {
    const clock = manualClock();
    const permanent = new TokenwatchError('refused', { code: 'REFUSED' });
    await expect(retry(() => Promise.reject(permanent), policy, { sleep: clock.sleep })).rejects.toBe(permanent);
    expect(clock.sleeps).toEqual([]);
    let last: unknown;
    await expect(retry((n) => Promise.reject((last = transient(n))), policy, { sleep: clock.sleep, random: () => 1 })).rejects.toMatchObject({
      context: { n: 4 },
    });
    expect(last).toMatchObject({ context: { n: 4 } });
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
    await expect(retry(() => Promise.reject(new Error('plain')), policy, { sleep: clock.sleep })).rejects.toThrow('plain');
  });

  it('keeps trying for retryForMs, honours a requested wait up to maxRetryAfterMs, and stops when no longer active', async () => {
    const clock = manualClock();
    let calls = 0;
    await expect(
      retry(
        () => Promise.reject(transient(++calls)),
        { ...policy, maxAttempts: 2, retryForMs: 10_000 },
        { sleep: clock.sleep, now: clock.now, random: () => 1 },
      ),
    ).rejects.toBeInstanceOf(TokenwatchError);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000]); // 15 s > 10 s: the fifth attempt is the last
    expect(calls).toBe(5);

    const waits = manualClock();
    await expect(
      retry(() => Promise.reject(transient(0)), { ...policy, maxAttempts: 3, maxRetryAfterMs: 30_000 }, { sleep: waits.sleep, retryAfterMs: () => 60_000 }),
    ).rejects.toBeInstanceOf(TokenwatchError);
    expect(waits.sleeps).toEqual([30_000, 30_000]);

    let active = true;
    const stopping = manualClock();
    await expect(
      retry(
        (n) => {
          if (n === 2) active = false;
          return Promise.reject(transient(n));
        },
        { ...policy, maxAttempts: Infinity },
        { sleep: stopping.sleep, random: () => 0, isActive: () => active },
      ),
    ).rejects.toMatchObject({ context: { n: 2 } });
    expect(stopping.sleeps).toEqual([0]);
  });

  it('retries what isRetriable says, for errors that are not TokenwatchErrors', async () => {
    const clock = manualClock();
    let calls = 0;
    const result = await retry(
      async () => {
        if (++calls < 2) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return calls;
      },
      policy,
      { sleep: clock.sleep, random: () => 0, isRetriable: (e) => (e as { code?: string }).code === 'ECONNRESET' },
    );
    expect(result).toBe(2);
  });
});
