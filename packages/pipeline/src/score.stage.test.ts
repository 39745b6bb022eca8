import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from '@tokenwatch/detector';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { RetryBatchError } from './batch-outcomes';
import { BaselineKeeper } from './baseline.keeper';
import type { BaselineStore } from './baseline-store';
import { encodeEvent } from './event-codec';
import type { RawMessage } from './raw-message';
import { createScoreStage, scoreEvents } from './score.stage';

const T = Date.UTC(2026, 2, 2, 10);
const FP = 'ab'.repeat(16);
const failure = (i: number): AccessEvent => ({
  id: `e-${i}`,
  ts: T + i * 1_000,
  gateway: 'kong',
  token: { fp: FP, hint: '0001', kind: 'api_key' },
  ip: '203.0.113.9',
  method: 'GET',
  route: '/v1/admin',
  path: '/v1/admin',
  status: 401,
  bytes: 10,
  latencyMs: 1,
  userAgent: 'curl/8',
  consumer: null,
  service: null,
  geo: null,
});
const message = (value: string | null, offset = 0): RawMessage => ({
  topic: 'events',
  partition: 0,
  offset: String(offset),
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: T,
});
const burst = (n: number) => Array.from({ length: n }, (_, i) => message(encodeEvent(failure(i)).value, i));

function memoryStore(failLoads = false): BaselineStore & { saved: string[] } {
  const saved: string[] = [];
  return {
    saved,
    load: async () => {
      if (failLoads) throw new Error('ClickHouse unreachable');
      return [];
    },
    save: async (snapshots, reason) => void saved.push(...snapshots.map((s) => `${reason}:${s.fp}`)),
    close: async () => undefined,
  };
}

const keeper = (store: BaselineStore) =>
  new BaselineKeeper({ detector: createDetector(), store, snapshotIntervalMs: 60_000, tickIntervalMs: 15_000, idleEvictMs: 3_600_000, now: () => T });

describe('scoreEvents (the score step as a pure function)', () => {
  it('turns events into alerts with a plain scorer, and the same events into the same alerts every time', () => {
    const events = Array.from({ length: 6 }, (_, i) => failure(i));
    const first = scoreEvents(events, createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 10 }));
    const second = scoreEvents(events, createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 10 }));
    expect(first.alerts.map((a) => a.signals[0]?.type)).toContain('auth_failures');
    expect(second).toEqual(first);
    expect(first.saves).toEqual([]);
  });
});

describe('createScoreStage', () => {
  it('decodes, scores and dead-letters bad messages with their original bytes, without a broker', async () => {
    const stage = createScoreStage({ scorer: createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 10 }) });
    const bad = message('{"id":', 99);
    const batch = await stage.score([...burst(6), bad, message(null, 100)]);
    expect(batch.events).toHaveLength(6);
    expect(batch.alerts.length).toBeGreaterThan(0);
    expect(batch.deadLetters.map((d) => [d.message, d.reason.split(':')[0]])).toEqual([
      [bad, 'invalid JSON'],
      [expect.objectContaining({ offset: '100' }), 'empty message'],
    ]);
  });

  it('scores a retried batch (the same array) once', async () => {
    const stage = createScoreStage({ scorer: createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 10 }) });
    const messages = burst(6);
    const first = await stage.score(messages);
    expect(await stage.score(messages)).toBe(first);
    // a new array is a new batch: the scorer sees the events again (and dedupes its own alert)
    expect(await stage.score([...messages])).not.toBe(first);
  });

  it("takes a batch's state once, right after scoring it, and hands it back to the taker when the batch is retried", async () => {
    const taken: string[] = [];
    const retaken: string[] = [];
    const stage = createScoreStage({
      scorer: createAuthFailureBurstScorer({ threshold: 5, windowMs: 60_000, maxTrackedTokens: 10 }),
      state: {
        take: ({ partition, lastOffset, events, alerts }) => {
          const state = `p${partition}@${lastOffset}: ${events.length} events, ${alerts.length} alerts`;
          taken.push(state);
          return state;
        },
        retake: (state) => retaken.push(state),
      },
    });
    const messages = burst(6);
    const first = await stage.score(messages);
    expect(first.state).toBe(`p0@${messages[5]!.offset}: 6 events, ${first.alerts.length} alerts`);
    expect((await stage.score(messages)).state).toBe(first.state);
    expect(taken).toEqual([first.state]);
    expect(retaken).toEqual([first.state]);
  });

  it('with a keeper, restores tokens first; a failed restore is a retry of the batch, and nothing was scored', async () => {
    const detector = createDetector();
    const failing = new BaselineKeeper({
      detector,
      store: memoryStore(true),
      snapshotIntervalMs: 60_000,
      tickIntervalMs: 15_000,
      idleEvictMs: 3_600_000,
      now: () => T,
    });
    const stage = createScoreStage({ scorer: detector, keeper: failing });
    await expect(stage.score(burst(3))).rejects.toBeInstanceOf(RetryBatchError);
    expect(detector.trackedTokens()).toBe(0);

    const store = memoryStore();
    const working = createScoreStage({ scorer: createDetector(), keeper: keeper(store) });
    const batch = await working.score(burst(3));
    expect(batch.events).toHaveLength(3);
    expect(batch.deadLetters).toEqual([]);
  });
});
