import { AccessEvent, Alert } from '@tokenwatch/contracts';
import type { z } from 'zod';
import { isSurelyValidAccessEvent } from './access-event.fast-check';
import { BatchOutcomes } from './batch-outcomes';
import type { NormalizedBatch } from './normalize.stage';
import type { DeadLetter, RawMessage } from './raw-message';
import { dlq, ok, type StageResult } from './stage-result';

/** An event as the value of a tokenwatch.events.v1 message, keyed by its token fingerprint. */
export function encodeEvent(event: AccessEvent): { key: string; value: string } {
  return { key: event.token.fp, value: JSON.stringify(event) };
}

/** The score side's decode stage: AccessEvent messages -> validated events, and dead letters (with the reason) for bad ones. */
export function decodeEventMessages<M extends RawMessage>(messages: readonly M[]): NormalizedBatch<M> {
  const outcomes = new BatchOutcomes<M, AccessEvent>();
  for (const message of messages) outcomes.add(message, decodeJson(message.value, AccessEvent, 'AccessEvent', isSurelyValidAccessEvent));
  return { events: outcomes.values, deadLetters: outcomes.deadLetters };
}

/** tokenwatch.alerts.v1 messages -> validated alerts, and dead letters (with the reason) for bad ones. */
export function decodeAlertMessages<M extends RawMessage>(messages: readonly M[]): { alerts: Alert[]; deadLetters: Array<DeadLetter<M>> } {
  const outcomes = new BatchOutcomes<M, Alert>();
  for (const message of messages) outcomes.add(message, decodeJson(message.value, Alert, 'Alert'));
  return { alerts: outcomes.values, deadLetters: outcomes.deadLetters };
}

function decodeJson<T>(value: Buffer | null, schema: z.ZodType<T>, name: string, surelyValid?: (json: unknown) => json is T): StageResult<T> {
  if (!value) return dlq('empty message');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return dlq(`invalid JSON: ${(error as Error).message}`);
  }
  if (surelyValid?.(json)) return ok(json); // what zod would return, without its cost
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return dlq(`invalid ${name}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`);
}
