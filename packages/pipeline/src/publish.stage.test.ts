import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { BatchOutcomes, RetryBatchError } from './batch-outcomes';
import { publishBatch } from './publish.stage';
import type { RawMessage } from './raw-message';
import { dlq, ok, retryLater } from './stage-result';

const message: RawMessage = { topic: 'raw', partition: 1, offset: '7', key: null, value: Buffer.from('{bad'), headers: {}, timestamp: 0 };
const event = { id: 'e1', token: { fp: 'ab'.repeat(8) } } as AccessEvent;

describe('BatchOutcomes', () => {
  it('keeps ok values, turns dlq into dead letters of their message, and throws on retry', () => {
    const outcomes = new BatchOutcomes<RawMessage, number>();
    outcomes.add(message, ok(1));
    outcomes.add(message, dlq('invalid JSON: truncated'));
    expect(outcomes.values).toEqual([1]);
    expect(outcomes.deadLetters).toEqual([{ message, reason: 'invalid JSON: truncated' }]);
    const cause = new Error('down');
    expect(() => outcomes.add(message, retryLater('ClickHouse down', cause))).toThrow(RetryBatchError);
  });
});

describe('publishBatch', () => {
  it('writes every non-empty part to its sink and resolves once all are written', async () => {
    const written: string[] = [];
    await publishBatch(
      { events: [event], alerts: [], deadLetters: [{ message, reason: 'x' }], saves: [{ snapshots: [], reason: 'periodic' }] },
      { events: async (e) => void written.push(`events:${e.length}`), deadLetters: async (l, at) => void written.push(`dlq:${l.length}@${at}`) },
      42,
    );
    expect(written.sort()).toEqual(['dlq:1@42', 'events:1']);
  });

  it('rejects when one write fails, so the batch is neither committed nor acknowledged', async () => {
    const sinks = { events: async () => undefined, deadLetters: async () => Promise.reject(new Error('broker down')) };
    await expect(publishBatch({ events: [event], deadLetters: [{ message, reason: 'x' }] }, sinks, 0)).rejects.toThrow('broker down');
  });

  it('refuses a part that has no sink instead of dropping it', async () => {
    await expect(publishBatch({ alerts: [{} as never], deadLetters: [] }, { deadLetters: async () => undefined }, 0)).rejects.toThrow(/alerts but no sink/);
  });
});
