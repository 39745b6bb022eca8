import { AccessEvent } from '@tokenwatch/contracts';
import type { ConsumedMessage, DeadLetter } from '@tokenwatch/kafka';
import { isSurelyValidAccessEvent } from './access-event.fast-check';

export interface ParsedBatch {
  events: AccessEvent[];
  deadLetters: DeadLetter[];
}

/** AccessEvent messages -> validated events, and dead letters (with the reason) for bad ones. */
export function parseEventMessages(messages: ConsumedMessage[]): ParsedBatch {
  const events: AccessEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    const event = parseEvent(message.value);
    if (typeof event === 'string') deadLetters.push({ message, reason: event });
    else events.push(event);
  }
  return { events, deadLetters };
}

function parseEvent(value: Buffer | null): AccessEvent | string {
  if (!value) return 'empty message';
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  if (isSurelyValidAccessEvent(json)) return json; // what zod would return, without its cost
  const parsed = AccessEvent.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `invalid AccessEvent: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`;
}
