import { describe, expect, it } from 'vitest';
import { Alert } from '@tokenwatch/contracts';
import { adapterFor, type Line } from '@tokenwatch/formats';
import { createDefaultScorer } from '@tokenwatch/detector';
import { createAuthFailureBurstScorer } from '@tokenwatch/detector/testing';
import { newReplayStats, replayLines } from './replay.pipeline';

const T0 = Date.parse('2025-03-03T10:00:00Z');
const kongLine = (ts: number, status: number, key = 'tw_live_replaytestkey000000000001'): string =>
  JSON.stringify({
    started_at: ts,
    client_ip: '203.0.113.9',
    request: { method: 'GET', uri: '/v1/admin/users', headers: { apikey: key } },
    response: { status, size: 120 },
  });

async function* linesOf(texts: string[]): AsyncGenerator<Line> {
  let number = 0;
  for (const text of texts) yield { kind: 'line', number: ++number, text };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('replayLines', () => {
  it('normalizes, orders by event time and scores: an auth-failure burst raises a valid Alert v1', async () => {
    // The pipeline's mechanics with the simple auth-failure rule as the scorer (the engine has its own tests).
    // Shuffled within a few seconds: the reorder window puts them back in order before scoring.
    const order = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i + 1 : i - 1));
    const texts = order.map((i) => kongLine(T0 + i * 1_000, 403));
    const stats = newReplayStats();
    const rejects: string[] = [];
    const alerts = await collect(
      replayLines(
        linesOf(['', 'not json', ...texts]),
        { adapter: adapterFor('kong'), fingerprintKey: 'k'.repeat(32), scorer: createAuthFailureBurstScorer(), onReject: (_, reason) => rejects.push(reason) },
        stats,
      ),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    for (const alert of alerts) expect(Alert.safeParse(alert).success).toBe(true);
    expect(alerts.flatMap((alert) => alert.signals.map((signal) => signal.type))).toContain('auth_failures');
    expect(stats).toMatchObject({ events: 40, rejected: 1, late: 0, alerts: alerts.length, lastTs: T0 + 39_000 });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).not.toContain('not json');
  });

  it('stays quiet on successful traffic', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => kongLine(T0 + i * 1_000, 200));
    const alerts = await collect(replayLines(linesOf(texts), { adapter: adapterFor('kong'), fingerprintKey: 'k'.repeat(32), scorer: createDefaultScorer() }));
    expect(alerts).toEqual([]);
  });
});
