import { AccessEvent, type Alert } from '@tokenwatch/contracts';
import type { Scorer } from '@tokenwatch/detector';
import type { ConsumedMessage, DeadLetter } from '@tokenwatch/kafka';

export interface ScoredBatch {
  events: AccessEvent[];
  alerts: Alert[];
  deadLetters: DeadLetter[];
}

/** AccessEvent messages -> validated events, the alerts they raise, and dead letters for bad ones. */
export function scoreMessages(messages: ConsumedMessage[], scorer: Scorer): ScoredBatch {
  const events: AccessEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    const event = parseEvent(message.value);
    if (typeof event === 'string') deadLetters.push({ message, reason: event });
    else events.push(event);
  }
  const alerts = events.flatMap((event) => scorer.observe(event));
  return { events, alerts, deadLetters };
}

function parseEvent(value: Buffer | null): AccessEvent | string {
  if (!value) return 'empty message';
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  const parsed = AccessEvent.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `invalid AccessEvent: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`;
}
