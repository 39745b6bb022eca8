import { describe, expect, it } from 'vitest';
import { splitLines, type Line } from './line.splitter';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}
const all = async (source: AsyncIterable<Uint8Array>, max = 100): Promise<Line[]> => {
  const lines: Line[] = [];
  for await (const line of splitLines(source, max)) lines.push(line);
  return lines;
};

describe('splitLines', () => {
  it('splits across chunk borders, handles CRLF, a last line without newline and empty lines', async () => {
    expect(await all(chunks('a\r\nb', 'c\n\n', 'd'))).toEqual([
      { kind: 'line', number: 1, text: 'a' },
      { kind: 'line', number: 2, text: 'bc' },
      { kind: 'line', number: 3, text: '' },
      { kind: 'line', number: 4, text: 'd' },
    ]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = new TextEncoder().encode('é🔑\n');
    expect(await all(chunks(bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)))).toEqual([{ kind: 'line', number: 1, text: 'é🔑' }]);
  });

  it('reports an over-long line by its length without holding it, and goes on', async () => {
    const lines = await all(chunks('x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60), '\nok\n', 'y'.repeat(150)), 100);
    expect(lines).toEqual([
      { kind: 'too-long', number: 1, length: 180 },
      { kind: 'line', number: 2, text: 'ok' },
      { kind: 'too-long', number: 3, length: 150 },
    ]);
  });
});
