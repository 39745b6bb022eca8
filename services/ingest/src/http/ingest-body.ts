import type { ConsumedMessage } from '@tokenwatch/kafka';

/**
 * An HTTP ingest body as the messages the normalize step understands: a body that is one JSON
 * document (an object, or an array as Kong http-log batches send) is one message; anything else
 * is NDJSON or text lines, one message per non-empty line.
 */
export function bodyToMessages(body: string, source: string, receivedAt: number): ConsumedMessage[] {
  const message = (text: string, index: number): ConsumedMessage => ({
    topic: source,
    partition: 0,
    offset: String(index),
    key: null,
    value: Buffer.from(text),
    headers: {},
    timestamp: receivedAt,
  });
  const trimmed = body.trim();
  if (trimmed === '') return [];
  if (isJsonDocument(trimmed)) return [message(trimmed, 0)];
  return trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(message);
}

function isJsonDocument(text: string): boolean {
  const first = text[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
