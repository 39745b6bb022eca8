import { AccessEvent } from '@tokenwatch/contracts';
import { isSurelyValidAccessEvent } from './access-event.fast-check';
import { BatchOutcomes } from './batch-outcomes';
import type { NormalizedBatch } from './normalize.stage';
import type { RawMessage } from './raw-message';
import { dlq, ok, type StageResult } from './stage-result';

/** An event as the value of a tokenwatch.events.v1 message, keyed by its token fingerprint. */
export function encodeEvent(event: AccessEvent): { key: string; value: string } {
  return { key: event.token.fp, value: JSON.stringify(event) };
}

/** The score side's decode stage: AccessEvent messages -> validated events, and dead letters (with the reason) for bad ones. */
export function decodeEventMessages<M extends RawMessage>(messages: readonly M[]): NormalizedBatch<M> {
  const outcomes = new BatchOutcomes<M, AccessEvent>();
  for (const message of messages) outcomes.add(message, decodeEvent(message.value));
  return { events: outcomes.values, deadLetters: outcomes.deadLetters };
}

function decodeEvent(value: Buffer | null): StageResult<AccessEvent> {
  if (!value) return dlq('empty message');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return dlq(`invalid JSON: ${(error as Error).message}`);
  }
  if (isSurelyValidAccessEvent(json)) return ok(json); // what zod would return, without its cost
  const parsed = AccessEvent.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return dlq(`invalid AccessEvent: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`);
}
