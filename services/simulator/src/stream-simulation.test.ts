import { describe, expect, it } from 'vitest';
import { streamSimulation } from './stream-simulation';
import { createSimulation } from './simulation';
import { kongWriter } from './writers/kong.writer';
import { DAY_MS } from './world/local-time';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('streamSimulation', () => {
  it('yields the same records as the file output, in event-time order', async () => {
    const options = { tokens: 10, days: 1, seed: 'stream', start: Date.parse('2025-03-06T00:00:00Z') };
    const streamed = await collect(streamSimulation({ ...options, format: 'kong' }));
    const expected = [...createSimulation(options).events()].map((e) => ({ ts: e.ts, record: kongWriter.write(e) }));
    expect(streamed).toEqual(expected);
  });

  it('compressed: history ending now, played at the compressed pace, episodes in the last 40%', async () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    const began = performance.now();
    const records = await collect(streamSimulation({ tokens: 30, compressed: { now, seconds: 1 } }));
    expect(performance.now() - began).toBeGreaterThan(700); // paced: 2 days of event time in about a second
    expect(records[0]!.ts).toBeGreaterThanOrEqual(now - 2 * DAY_MS);
    expect(records.at(-1)!.ts).toBeLessThan(now);
    const labels = createSimulation({
      tokens: 30,
      days: 2,
      seed: 'tokenwatch-demo',
      start: now - 2 * DAY_MS,
      learningFraction: 0.6,
      episodesPerScenario: 1,
    }).labels(kongWriter);
    expect(labels.episodes.length).toBeGreaterThan(10);
    for (const e of labels.episodes) expect(e.start).toBeGreaterThanOrEqual(now - 0.8 * DAY_MS);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    let n = 0;
    for await (const _ of streamSimulation({ tokens: 10, days: 1, start: 0, signal: controller.signal })) {
      if (++n === 5) controller.abort();
    }
    expect(n).toBe(5);
  });
});
