import type { AccessEvent } from '@tokenwatch/contracts';
import { normalizeJsonMessage, type GatewayAdapter, type NormalizeOptions } from '@tokenwatch/formats';
import type { ConsumedMessage, DeadLetter } from '@tokenwatch/kafka';

export interface NormalizedBatch {
  events: AccessEvent[];
  deadLetters: DeadLetter[];
}

/**
 * Raw gateway messages -> AccessEvents and dead letters. A rejected record inside a JSON array is
 * dead-lettered alone (re-serialized, with its index in the reason); a message that is bad as a
 * whole is dead-lettered with its original bytes.
 */
export function normalizeMessages(messages: ConsumedMessage[], adapter: GatewayAdapter, options: NormalizeOptions): NormalizedBatch {
  const events: AccessEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    const text = message.value?.toString('utf8') ?? '';
    for (const { index, recordText, result } of normalizeJsonMessage(text, adapter, options)) {
      if (result.kind === 'ok') events.push(result.value);
      else if (recordText === undefined) deadLetters.push({ message, reason: result.reason });
      else deadLetters.push({ message: { ...message, value: Buffer.from(recordText) }, reason: `record ${index}: ${result.reason}` });
    }
  }
  return { events, deadLetters };
}

/** A bounded label for metrics: the reason up to its first colon ("invalid JSON", "no credential"). */
export function reasonLabel(reason: string): string {
  const withoutIndex = reason.replace(/^record \d+: /, '');
  return withoutIndex.split(':')[0]!.slice(0, 40);
}
