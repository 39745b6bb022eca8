import { expect, it } from 'vitest';
import { chunkBySize } from './producer';

it('splits a large send into chunks under the byte bound, keeping order', () => {
  const messages = Array.from({ length: 100 }, (_, i) => ({ key: null, value: `${i}`.padEnd(1000, 'x') }));
  const chunks = chunkBySize(messages, 10_000);
  expect(chunks.length).toBeGreaterThan(10);
  expect(chunks.flat()).toEqual(messages);
  for (const chunk of chunks) expect(chunk.reduce((n, m) => n + m.value.length + 64, 0)).toBeLessThanOrEqual(10_000);
});

it('keeps a single oversized message as its own chunk', () => {
  expect(chunkBySize([{ key: null, value: 'x'.repeat(50) }], 10)).toHaveLength(1);
  expect(chunkBySize([], 10)).toEqual([]);
});
