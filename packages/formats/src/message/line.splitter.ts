/** One line of an input stream, or the fact that it was too long to keep. */
export type Line = { kind: 'line'; number: number; text: string } | { kind: 'too-long'; number: number; length: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into UTF-8 lines (LF or CRLF), holding at most `maxLineBytes` of one line:
 * a longer line is skipped to its end and reported as `too-long` with its length, so that a 1 GB
 * line without a newline never sits in memory. Numbers count from 1; the last line needs no newline.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let held = 0;
  let skipped = 0; // > 0 while the current line is over the limit
  let number = 0;

  const finish = (): Line => {
    number++;
    if (skipped > 0) {
      const line: Line = { kind: 'too-long', number, length: skipped + held };
      skipped = 0;
      parts = [];
      held = 0;
      return line;
    }
    const bytes = parts.length === 1 ? parts[0]! : concat(parts, held);
    parts = [];
    held = 0;
    let text = decoder.decode(bytes);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { kind: 'line', number, text };
  };

  const hold = (piece: Uint8Array) => {
    if (skipped > 0) {
      skipped += piece.length;
      return;
    }
    if (held + piece.length > maxLineBytes) {
      skipped = held + piece.length;
      parts = [];
      held = 0;
      return;
    }
    parts.push(piece);
    held += piece.length;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      hold(chunk.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    // Copy the tail: the stream may reuse the chunk's buffer.
    if (start < chunk.length) hold(chunk.slice(start));
  }
  if (held > 0 || skipped > 0) yield finish();
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
