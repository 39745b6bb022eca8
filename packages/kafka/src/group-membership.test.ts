import { afterEach, describe, expect, it, vi } from 'vitest';
import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { lostGroupMembership, withHeartbeats } from './group-membership';

/** A protocol error as kafkajs builds it from a broker's error code (its createErrorFromCode). */
const protocolError = (type: string, code: number, message = 'from the broker') =>
  new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable: false }));
/** What kafkajs's retrier rejects with when it bails out on a non-retriable failure (`{ cause }` is not in kafkajs's types). */
const bailedOut = (error: Error) => Object.assign(new KafkaJSNonRetriableError(error), { cause: error });

describe('lostGroupMembership', () => {
  it('reads the commit failure of an evicted member through the wrapper kafkajs throws from eachBatch', () => {
    // 25 UNKNOWN_MEMBER_ID: what OffsetCommit answered after the member's session ran out in the disk-full drill.
    const unknownMember = protocolError('UNKNOWN_MEMBER_ID', 25, 'The coordinator is not aware of this member');
    const wrapped = bailedOut(unknownMember);
    expect(wrapped).toMatchObject({ name: 'KafkaJSNonRetriableError', cause: unknownMember });
    expect(lostGroupMembership(wrapped)).toBe(true);
    expect(lostGroupMembership(unknownMember)).toBe(true);
  });

  it('knows the other answers of a group that moved on', () => {
    for (const [type, code] of [
      ['ILLEGAL_GENERATION', 22],
      ['REBALANCE_IN_PROGRESS', 27],
      ['NOT_COORDINATOR_FOR_GROUP', 16],
    ] as const) {
      expect(lostGroupMembership(bailedOut(protocolError(type, code))), type).toBe(true);
    }
  });

  it('is false for anything else', () => {
    expect(lostGroupMembership(bailedOut(protocolError('GROUP_AUTHORIZATION_FAILED', 30)))).toBe(false);
    expect(lostGroupMembership(new Error('Connection closed'))).toBe(false);
    expect(lostGroupMembership(undefined)).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(lostGroupMembership(loop)).toBe(false);
  });
});

describe('withHeartbeats', () => {
  afterEach(() => vi.useRealTimers());

  it('heartbeats while the work runs, ignores a failed heartbeat, and stops when the work settles', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const heartbeat = () => (++calls === 2 ? Promise.reject(new Error('rebalancing')) : Promise.resolve());
    let finish: (value: string) => void = () => undefined;
    const done = withHeartbeats(() => new Promise<string>((resolve) => (finish = resolve)), heartbeat, 3_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
    finish('stored');
    await expect(done).resolves.toBe('stored');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
  });

  it('passes the work failure on and stops heartbeating', async () => {
    vi.useFakeTimers();
    let calls = 0;
    await expect(
      withHeartbeats(
        () => Promise.reject(new Error('not enough space')),
        () => Promise.resolve(void calls++),
        1_000,
      ),
    ).rejects.toThrow('not enough space');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(0);
  });
});
